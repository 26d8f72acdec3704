"""Quick throughput check: tokens/s of a training step (bf16 autocast, AdamW) for a few sizes."""
import sys, time, json, torch
from model import GPT, Config
torch.set_num_threads(2)
torch.manual_seed(0)
res = []
for spec in sys.argv[1:] or ["256,6,8", "256,4,8", "320,6,10"]:
    d, L, H = map(int, spec.split(","))
    m = GPT(Config(d_model=d, n_layer=L, n_head=H))
    opt = torch.optim.AdamW(m.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
    B, T = 16, 512
    x = torch.randint(0, 8192, (B, T)); y = torch.randint(0, 8192, (B, T))
    times = []
    for i in range(5):
        t = time.time()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            _, loss = m(x, y)
        loss.backward(); torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step(); opt.zero_grad(set_to_none=True)
        times.append(time.time() - t)
    st = sum(times[2:]) / len(times[2:])
    r = dict(spec=spec, params=m.n_params(), non_emb=m.n_params(True), tok_s=round(B * T / st))
    print(json.dumps(r), flush=True); res.append(r)
