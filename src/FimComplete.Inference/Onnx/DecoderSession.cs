using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FimComplete.Inference.Onnx;

/// <summary>The logits of the last position of each batch row, and the updated KV cache.</summary>
public sealed record DecoderOutput(float[][] LastLogits, KvCache Present)
{
    /// <summary>[row][i]: the logits of the last positions asked for, oldest first (the last one is
    /// <see cref="LastLogits"/>); one position unless the run asked for more (verifying draft tokens).</summary>
    public float[][][] TailLogits { get; init; } = [];
}

/// <summary>
/// An ONNX decoder with a KV cache, in Hugging Face's naming: input_ids, attention_mask, optional position_ids,
/// optional use_cache_branch, past_key_values.{i}.key/value → logits, present.{i}.key/value. Names, layer count,
/// KV heads (grouped-query attention) and KV dtype come from the session's metadata. A fused graph (ONNX Runtime's
/// GroupQueryAttention, as models/training/fuse_onnx.py and onnxruntime-genai write it) takes seqlens_k and
/// total_sequence_length instead of attention_mask and position_ids; the inputs the graph declares decide which are fed.
/// </summary>
public sealed partial class DecoderSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _pastKeyNames;
    private readonly string[] _pastValueNames;
    private readonly string[] _outputNames;
    private readonly bool _hasPositionIds;
    private readonly bool _hasUseCacheBranch;
    private readonly bool _hasSequenceLengths;

    private DecoderSession(InferenceSession session, string providerName, string? fallbackReason)
    {
        _session = session;
        ProviderName = providerName;
        FallbackReason = fallbackReason;
        var inputs = session.InputMetadata;
        if (!inputs.ContainsKey("input_ids"))
        {
            throw new ModelLoadException($"ONNX model has no 'input_ids' input; inputs are: {string.Join(", ", inputs.Keys)}");
        }

        _hasPositionIds = inputs.ContainsKey("position_ids");
        _hasUseCacheBranch = inputs.ContainsKey("use_cache_branch");
        HasAttentionMask = inputs.ContainsKey("attention_mask");
        _hasSequenceLengths = inputs.ContainsKey("seqlens_k") && inputs.ContainsKey("total_sequence_length");

        var layers = inputs.Keys.Select(k => PastKeyRegex().Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (layers.Count == 0)
        {
            throw new ModelLoadException($"ONNX model has no past_key_values.*.key inputs (a decoder exported with KV cache is required); inputs are: {string.Join(", ", inputs.Keys)}");
        }

        Layers = layers.Max() + 1;
        _pastKeyNames = Enumerable.Range(0, Layers).Select(i => $"past_key_values.{i}.key").ToArray();
        _pastValueNames = Enumerable.Range(0, Layers).Select(i => $"past_key_values.{i}.value").ToArray();
        foreach (var name in _pastKeyNames.Concat(_pastValueNames))
        {
            if (!inputs.ContainsKey(name))
            {
                throw new ModelLoadException($"ONNX model lacks input '{name}'.");
            }
        }

        var keyMeta = inputs[_pastKeyNames[0]];
        KvElementType = keyMeta.ElementDataType;
        KvCache.ElementSize(KvElementType);
        var dims = keyMeta.Dimensions;
        if (dims.Length != 4 || dims[1] <= 0 || dims[3] <= 0)
        {
            throw new ModelLoadException($"past_key_values.0.key must have static [batch, kv_heads, past, head_dim] dims; got [{string.Join(", ", dims)}].");
        }

        KvHeads = dims[1];
        HeadDim = dims[3];

        var outputs = session.OutputMetadata;
        if (!outputs.ContainsKey("logits"))
        {
            throw new ModelLoadException($"ONNX model has no 'logits' output; outputs are: {string.Join(", ", outputs.Keys)}");
        }

        LogitsElementType = outputs["logits"].ElementDataType;
        VocabularySize = outputs["logits"].Dimensions is { Length: 3 } ld && ld[2] > 0 ? ld[2] : 0;
        _outputNames = ["logits", .. Enumerable.Range(0, Layers).SelectMany(i => new[] { $"present.{i}.key", $"present.{i}.value" })];
        foreach (var name in _outputNames)
        {
            if (!outputs.ContainsKey(name))
            {
                throw new ModelLoadException($"ONNX model lacks output '{name}'.");
            }
        }
    }

    public int Layers { get; }
    public int KvHeads { get; }
    public int HeadDim { get; }
    public int VocabularySize { get; }
    public TensorElementType KvElementType { get; }
    public TensorElementType LogitsElementType { get; }
    public bool HasAttentionMask { get; }

    /// <summary>True for a fused graph (GroupQueryAttention) fed with seqlens_k and total_sequence_length.</summary>
    public bool IsFused => _hasSequenceLengths;

    /// <summary>The execution provider actually in use (e.g. "cpu", "cuda").</summary>
    public string ProviderName { get; }

    /// <summary>Why a requested provider was not used; null when it was.</summary>
    public string? FallbackReason { get; }

    [GeneratedRegex(@"^past_key_values\.(\d+)\.key$")]
    private static partial Regex PastKeyRegex();

    public static DecoderSession Open(string onnxPath, InferenceOptions options)
    {
        if (!File.Exists(onnxPath))
        {
            throw new ModelLoadException($"ONNX model file not found: {onnxPath}");
        }

        var plan = ExecutionProviderSelector.Plan(options.Provider, ExecutionProviderSelector.AvailableProviders());
        var reasons = new List<string>();
        foreach (var kind in plan)
        {
            SessionOptions? sessionOptions = null;
            try
            {
                sessionOptions = ExecutionProviderSelector.CreateOptions(kind, options);
                var session = new InferenceSession(onnxPath, sessionOptions);
                var reason = reasons.Count == 0 ? null : string.Join("; ", reasons);
                return new DecoderSession(session, kind.ToString().ToLowerInvariant(), reason);
            }
            catch (OnnxRuntimeException ex) when (kind != ExecutionProviderKind.Cpu)
            {
                reasons.Add($"{kind} unavailable: {ex.Message}");
            }
            catch (EntryPointNotFoundException ex) when (kind != ExecutionProviderKind.Cpu)
            {
                reasons.Add($"{kind} not in this ONNX Runtime build: {ex.Message}");
            }
            catch (OnnxRuntimeException ex)
            {
                throw new ModelLoadException($"ONNX Runtime cannot load {onnxPath}: {ex.Message}", ex);
            }
            finally
            {
                sessionOptions?.Dispose();
            }
        }

        throw new ModelLoadException($"No execution provider could load {onnxPath}: {string.Join("; ", reasons)}");
    }

    public KvCache EmptyCache(int batch) => KvCache.Empty(Layers, KvElementType, batch, KvHeads, HeadDim);

    /// <summary>
    /// Runs <paramref name="tokens"/> ([batch][seq], all rows the same length) after <paramref name="past"/>. The
    /// caller keeps ownership of <paramref name="past"/>; the returned cache is new. <paramref name="tailPositions"/>:
    /// how many of the last positions' logits to read per row (at most the row length).
    /// </summary>
    public DecoderOutput Run(int[][] tokens, KvCache past, RunOptions runOptions, int tailPositions = 1)
    {
        var batch = tokens.Length;
        var seq = tokens[0].Length;
        if (batch != past.Batch)
        {
            throw new ArgumentException($"Batch {batch} does not match the cache's batch {past.Batch}.", nameof(tokens));
        }

        if (_hasSequenceLengths && batch > 1 && seq > 1 && past.Length > 0)
        {
            // ONNX Runtime's GroupQueryAttention takes several new tokens after a past only at batch 1.
            return RunRowByRow(tokens, past, runOptions, tailPositions);
        }

        var total = past.Length + seq;
        var ids = new long[batch * seq];
        var positions = new long[batch * seq];
        for (var b = 0; b < batch; b++)
        {
            if (tokens[b].Length != seq)
            {
                throw new ArgumentException("All rows must have the same length.", nameof(tokens));
            }

            for (var s = 0; s < seq; s++)
            {
                ids[(b * seq) + s] = tokens[b][s];
                positions[(b * seq) + s] = past.Length + s;
            }
        }

        var mask = new long[batch * total];
        Array.Fill(mask, 1L);

        var names = new List<string>(4 + (2 * Layers));
        var values = new List<OrtValue>(4 + (2 * Layers));
        var owned = new List<OrtValue>(4);
        void Add(string name, OrtValue value, bool own)
        {
            names.Add(name);
            values.Add(value);
            if (own)
            {
                owned.Add(value);
            }
        }

        try
        {
            Add("input_ids", OrtValue.CreateTensorValueFromMemory(ids, [batch, seq]), own: true);
            if (HasAttentionMask)
            {
                Add("attention_mask", OrtValue.CreateTensorValueFromMemory(mask, [batch, total]), own: true);
            }

            if (_hasPositionIds)
            {
                Add("position_ids", OrtValue.CreateTensorValueFromMemory(positions, [batch, seq]), own: true);
            }

            if (_hasSequenceLengths)
            {
                var lastIndex = new int[batch];
                Array.Fill(lastIndex, total - 1);
                Add("seqlens_k", OrtValue.CreateTensorValueFromMemory(lastIndex, [batch]), own: true);
                Add("total_sequence_length", OrtValue.CreateTensorValueFromMemory(new[] { total }, []), own: true);
            }

            if (_hasUseCacheBranch)
            {
                Add("use_cache_branch", OrtValue.CreateTensorValueFromMemory(new[] { past.Length > 0 }, [1]), own: true);
            }

            for (var layer = 0; layer < Layers; layer++)
            {
                Add(_pastKeyNames[layer], past.Key(layer), own: false);
                Add(_pastValueNames[layer], past.Value(layer), own: false);
            }

            var outputs = _session.Run(runOptions, names, values, _outputNames);
            using var logits = outputs[0];
            var keys = new OrtValue[Layers];
            var vals = new OrtValue[Layers];
            for (var layer = 0; layer < Layers; layer++)
            {
                keys[layer] = outputs[1 + (2 * layer)];
                vals[layer] = outputs[2 + (2 * layer)];
            }

            var present = new KvCache(keys, vals, KvElementType, batch, total, KvHeads, HeadDim);
            var tail = ReadTailLogits(logits, batch, seq, Math.Clamp(tailPositions, 1, seq));
            return new DecoderOutput(tail.Select(row => row[^1]).ToArray(), present) { TailLogits = tail };
        }
        finally
        {
            foreach (var value in owned)
            {
                value.Dispose();
            }
        }
    }

    private DecoderOutput RunRowByRow(int[][] tokens, KvCache past, RunOptions runOptions, int tailPositions)
    {
        var rows = new DecoderOutput[tokens.Length];
        try
        {
            for (var b = 0; b < tokens.Length; b++)
            {
                using var rowPast = past.SelectRows([b]);
                rows[b] = Run([tokens[b]], rowPast, runOptions, tailPositions);
            }

            var present = KvCache.Stack(rows.Select(r => r.Present).ToArray());
            return new DecoderOutput(rows.Select(r => r.LastLogits[0]).ToArray(), present)
            {
                TailLogits = rows.Select(r => r.TailLogits[0]).ToArray(),
            };
        }
        finally
        {
            foreach (var row in rows) row?.Present.Dispose();
        }
    }

    private float[][][] ReadTailLogits(OrtValue logits, int batch, int seq, int positions)
    {
        var shape = logits.GetTensorTypeAndShape().Shape;
        var vocab = (int)shape[^1];
        var logitRows = (int)shape[^2];
        var rows = new float[batch][][];
        var raw = logits.GetTensorMutableRawData();
        for (var b = 0; b < batch; b++)
        {
            rows[b] = new float[positions][];
            for (var p = 0; p < positions; p++)
            {
                // Some exports keep only the last position's logits ([batch, 1, vocab]).
                var position = logitRows == seq ? seq - positions + p : logitRows - 1;
                if (logitRows != seq && positions > 1)
                {
                    throw new NotSupportedException($"The model returns logits for {logitRows} of {seq} positions; verifying drafts needs all of them.");
                }

                var row = new float[vocab];
                var start = ((b * logitRows) + position) * vocab;
                switch (LogitsElementType)
                {
                    case TensorElementType.Float:
                        MemoryMarshal.Cast<byte, float>(raw).Slice(start, vocab).CopyTo(row);
                        break;
                    case TensorElementType.Float16:
                        var halves = MemoryMarshal.Cast<byte, Half>(raw).Slice(start, vocab);
                        for (var v = 0; v < vocab; v++) row[v] = (float)halves[v];
                        break;
                    default:
                        throw new NotSupportedException($"Logits of type {LogitsElementType} are not supported.");
                }

                rows[b][p] = row;
            }
        }

        return rows;
    }

    public void Dispose() => _session.Dispose();
}
