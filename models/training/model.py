"""Decoder-only transformer for FIM code completion.

Pre-LN (RMSNorm), RoPE (rotate-half, driven by explicit position_ids so the ONNX export
can take HF-style position_ids), tied input/output embeddings, SwiGLU MLP, no biases,
GPT-2 style init (std 0.02; residual output projections scaled by 1/sqrt(2*n_layer)).

Positions: Config.pos = "rope" (default, the shipped model) or "alibi" (Press et al. 2022,
"Train Short, Test Long": no rotation, a per-head linear bias -slope_h * (query - key) on the
attention scores; geometric slopes 2^(-8/H), ...). ALiBi adds no parameters, so both variants
have the same state_dict keys; the RoPE path is op-for-op the original one (same logits, same
ONNX graph). In the cached path ALiBi measures distance in cache slots (query slot - key slot);
with left padding that equals the token distance between real tokens (pads are masked).

The same forward serves training (no cache, causal mask) and export (KV cache +
attention_mask: a key is visible iff it is causal AND attention_mask[b, key] == 1).
torch 1.13 has no F.scaled_dot_product_attention, so attention is written out.
"""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    vocab_size: int = 8192
    d_model: int = 256
    n_layer: int = 6
    n_head: int = 4
    d_ff: int = 0  # 0 -> SwiGLU hidden = round(8/3 d to multiple of 32)
    max_len: int = 512
    rope_base: float = 10000.0
    norm_eps: float = 1e-5
    pos: str = "rope"  # "rope" | "alibi"

    def __post_init__(self):
        if self.pos not in ("rope", "alibi"):
            raise ValueError("Config.pos must be 'rope' or 'alibi', got %r" % (self.pos,))
        if not self.d_ff:
            self.d_ff = int(math.ceil(8 * self.d_model / 3 / 32) * 32)

    @property
    def head_dim(self):
        return self.d_model // self.n_head

    def to_dict(self):
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        xf = x.float()
        xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return xf.type_as(x) * self.weight


def rope_cos_sin(position_ids, head_dim, base, dtype):
    # position_ids: [B, S] int64 -> cos, sin [B, 1, S, head_dim]
    inv = 1.0 / (base ** (torch.arange(0, head_dim, 2, dtype=torch.float32, device=position_ids.device) / head_dim))
    f = position_ids.to(torch.float32).unsqueeze(-1) * inv  # [B,S,hd/2]
    emb = torch.cat([f, f], dim=-1)
    return emb.cos().unsqueeze(1).to(dtype), emb.sin().unsqueeze(1).to(dtype)


def alibi_slopes(n_head):
    """Press et al.: geometric sequence starting at 2^(-8/n) for n a power of two; otherwise the
    slopes of the closest lower power of two plus every other slope of the next one."""
    def pow2(n):
        start = 2.0 ** (-8.0 / n)
        return [start ** (i + 1) for i in range(n)]
    if n_head & (n_head - 1) == 0:
        return pow2(n_head)
    c = 2 ** int(math.floor(math.log2(n_head)))
    return pow2(c) + pow2(2 * c)[0::2][:n_head - c]


def alibi_bias(slopes, q_idx, k_idx, dtype):
    # slopes [H] f32; q_idx [S,1], k_idx [1,K] int64 -> [1,H,S,K]: -slope * (q - k) (>= 0 distances
    # on visible keys; future keys are masked anyway)
    dist = (q_idx - k_idx).to(torch.float32)
    return (-slopes.view(1, -1, 1, 1) * dist.unsqueeze(0).unsqueeze(0)).to(dtype)


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], dim=-1)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg.n_head
        self.hd = cfg.head_dim
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model, bias=False)
        self.proj = nn.Linear(cfg.d_model, cfg.d_model, bias=False)

    def forward(self, x, cos, sin, mask, past_k=None, past_v=None, bias=None):
        # RoPE: cos/sin given, bias None. ALiBi: cos/sin None, bias [1,H,S,K] added to the scores.
        B, S, D = x.shape
        q, k, v = self.qkv(x).split(D, dim=-1)
        q = q.view(B, S, self.n_head, self.hd).transpose(1, 2)
        k = k.view(B, S, self.n_head, self.hd).transpose(1, 2)
        v = v.view(B, S, self.n_head, self.hd).transpose(1, 2)
        if cos is not None:
            q = q * cos + rotate_half(q) * sin
            k = k * cos + rotate_half(k) * sin
        if past_k is not None:
            k = torch.cat([past_k.to(k.dtype), k], dim=2)
            v = torch.cat([past_v.to(v.dtype), v], dim=2)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.hd))
        if bias is not None:
            att = att + bias.to(att.dtype)
        att = att.masked_fill(~mask, -1e9)  # mask: [B or 1, 1, S, K] bool (True = visible)
        # softmax in the compute dtype (bf16 under training autocast: measured faster on 2 cores;
        # fp32 at export/eval time)
        att = torch.softmax(att, dim=-1)
        y = torch.matmul(att, v)
        y = y.transpose(1, 2).reshape(B, S, D)
        return self.proj(y), k, v


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.gate_up = nn.Linear(cfg.d_model, 2 * cfg.d_ff, bias=False)
        self.down = nn.Linear(cfg.d_ff, cfg.d_model, bias=False)

    def forward(self, x):
        g, u = self.gate_up(x).chunk(2, dim=-1)
        return self.down(F.silu(g) * u)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln1 = RMSNorm(cfg.d_model, cfg.norm_eps)
        self.attn = Attention(cfg)
        self.ln2 = RMSNorm(cfg.d_model, cfg.norm_eps)
        self.mlp = MLP(cfg)

    def forward(self, x, cos, sin, mask, past_k=None, past_v=None, bias=None):
        a, k, v = self.attn(self.ln1(x), cos, sin, mask, past_k, past_v, bias)
        x = x + a
        x = x + self.mlp(self.ln2(x))
        return x, k, v


class GPT(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = RMSNorm(cfg.d_model, cfg.norm_eps)
        self.register_buffer("causal", torch.tril(torch.ones(cfg.max_len, cfg.max_len, dtype=torch.bool))
                             .view(1, 1, cfg.max_len, cfg.max_len), persistent=False)
        if cfg.pos == "alibi":  # non-persistent: the state_dict keys are the same for both schemes
            self.register_buffer("alibi_slopes", torch.tensor(alibi_slopes(cfg.n_head), dtype=torch.float32),
                                 persistent=False)
        self.apply(self._init)
        for b in self.blocks:
            nn.init.normal_(b.attn.proj.weight, std=0.02 / math.sqrt(2 * cfg.n_layer))
            nn.init.normal_(b.mlp.down.weight, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def n_params(self, non_embedding=False):
        n = sum(p.numel() for p in self.parameters())
        return n - self.wte.weight.numel() if non_embedding else n

    def forward(self, idx, targets=None, loss_mask=None):
        """Training/eval path: no cache, causal only. Returns logits (and mean loss if targets).
        S may exceed cfg.max_len (length-extrapolation eval): the causal mask is then built here."""
        B, S = idx.shape
        x = self.wte(idx)
        if S <= self.cfg.max_len:
            mask = self.causal[:, :, :S, :S]
        else:
            mask = torch.tril(torch.ones(S, S, dtype=torch.bool, device=idx.device)).view(1, 1, S, S)
        bias = None
        if self.cfg.pos == "alibi":
            cos = sin = None
            ar = torch.arange(S, device=idx.device)
            bias = alibi_bias(self.alibi_slopes, ar.unsqueeze(1), ar.unsqueeze(0), x.dtype)
        else:
            pos = torch.arange(S, device=idx.device).unsqueeze(0).expand(B, S)
            cos, sin = rope_cos_sin(pos, self.cfg.head_dim, self.cfg.rope_base, x.dtype)
        for b in self.blocks:
            x, _, _ = b(x, cos, sin, mask, bias=bias)
        x = self.ln_f(x)
        logits = F.linear(x, self.wte.weight)
        if targets is None:
            return logits
        loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), targets.reshape(-1), ignore_index=-100)
        return logits, loss

    def forward_cached(self, input_ids, attention_mask, position_ids, past):
        """Export path. past: list of (k, v) [B, H, P, hd] (P may be 0).
        attention_mask: [B, P+S] int64. Returns logits [B,S,V] and list of presents."""
        B, S = input_ids.shape
        x = self.wte(input_ids)
        if self.cfg.pos == "alibi":
            cos = sin = None  # position_ids unused: ALiBi distances are query slot - key slot
        else:
            cos, sin = rope_cos_sin(position_ids, self.cfg.head_dim, self.cfg.rope_base, x.dtype)
        P = past[0][0].shape[2]
        K = attention_mask.shape[1]
        q_idx = torch.arange(S, device=input_ids.device).unsqueeze(1) + P  # [S,1]
        k_idx = torch.arange(K, device=input_ids.device).unsqueeze(0)     # [1,K]
        causal = (k_idx <= q_idx).unsqueeze(0).unsqueeze(0)                # [1,1,S,K]
        am = attention_mask.to(torch.bool).unsqueeze(1).unsqueeze(2)       # [B,1,1,K]
        mask = causal & am
        bias = alibi_bias(self.alibi_slopes, q_idx, k_idx, x.dtype) if self.cfg.pos == "alibi" else None
        presents = []
        for i, b in enumerate(self.blocks):
            x, k, v = b(x, cos, sin, mask, past[i][0], past[i][1], bias)
            presents.append((k, v))
        x = self.ln_f(x)
        # 2-D F.linear exports as Gemm(transB=1) on the embedding initializer itself, so the ONNX
        # file holds the tied matrix once (a 3-D matmul would constant-fold a transposed copy)
        logits = F.linear(x.reshape(-1, self.cfg.d_model), self.wte.weight).reshape(x.shape[0], x.shape[1], self.cfg.vocab_size)
        return logits, presents
