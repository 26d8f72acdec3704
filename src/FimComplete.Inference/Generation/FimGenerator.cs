using System.Diagnostics;
using FimComplete.Inference.Onnx;
using FimComplete.Inference.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace FimComplete.Inference.Generation;

/// <summary>
/// Generates candidate middles for a prompt with KV-cache decoding. Keeps the last prompt's tokens and KV cache:
/// a new prompt reuses the longest common token prefix and evaluates only the rest. One generation at a time;
/// callers queue on an internal gate.
/// </summary>
public sealed class FimGenerator : IDisposable
{
    private readonly DecoderSession _session;
    private readonly HfTokenizer _tokenizer;
    private readonly IReadOnlySet<int> _stopIds;
    private readonly int _endOfTextId;
    private readonly int _contextLength;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private int[] _cachedIds = [];
    private KvCache? _cachedKv;
    private float[]? _cachedLogits;

    public FimGenerator(DecoderSession session, HfTokenizer tokenizer, IReadOnlySet<int> stopIds, int endOfTextId, int contextLength)
    {
        _contextLength = contextLength;
        _session = session;
        _tokenizer = tokenizer;
        _stopIds = stopIds;
        _endOfTextId = endOfTextId;
    }

    /// <summary>Tokens held by the prompt cache.</summary>
    public int CachedPromptTokens => _cachedIds.Length;

    /// <summary>Drops the prompt cache (the next prompt is evaluated cold).</summary>
    public void ClearCache()
    {
        _gate.Wait();
        try
        {
            ResetCache();
        }
        finally
        {
            _gate.Release();
        }
    }

    public GenerationResult Generate(IReadOnlyList<int> prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(prompt));
        }

        _gate.Wait(cancellationToken);
        try
        {
            using var runOptions = new RunOptions();
            using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
            try
            {
                return GenerateLocked(prompt, options, runOptions, cancellationToken);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("Generation was cancelled during a model run.", cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private GenerationResult GenerateLocked(IReadOnlyList<int> prompt, GenerationOptions options, RunOptions runOptions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var promptStarted = Stopwatch.GetTimestamp();
        var (promptLogits, reused, evaluated) = EvaluatePrompt(prompt, runOptions);
        var promptTime = Stopwatch.GetElapsedTime(promptStarted);
        long modelTicks = 0;
        var candidates = Enumerable.Range(0, Math.Max(1, options.Candidates))
            .Select(i => new CandidateState(i, _tokenizer.CreateIncrementalDecoder(), new Random(options.Seed + (7919 * i))))
            .ToArray();
        var steps = 0;

        // Step 0: every candidate sees the prompt's logits; candidate i takes the i-th best allowed token.
        // Log-probabilities need only the normaliser: log p(token) = logit(token) − logsumexp(logits).
        for (var c = 0; c < candidates.Length; c++)
        {
            var logits = (float[])promptLogits.Clone();
            options.LogitsProcessor?.Process(new LogitsContext(c, 0, [], string.Empty), logits);
            var ranked = Sampler.TopK(logits, candidates.Length);
            if (c >= ranked.Length)
            {
                candidates[c].Finish(StopReason.Rejected);
                continue;
            }

            Accept(candidates[c], ranked[c], logits[ranked[c]] - Sampler.LogSumExp(logits), options);
        }

        var active = candidates.Where(c => !c.Done).ToList();
        if (active.Count == 0)
        {
            return Result(candidates, prompt.Count, reused, evaluated, steps, promptTime, 0);
        }

        var kv = _cachedKv!.SelectRows(active.Select(_ => 0).ToArray());
        try
        {
            while (active.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var longest = 0;
                foreach (var candidate in active) longest = Math.Max(longest, candidate.Ids.Count);
                if (prompt.Count + longest >= _contextLength)
                {
                    foreach (var candidate in active) candidate.Finish(StopReason.MaxTokens);
                    break;
                }

                var tokens = new int[active.Count][];
                for (var row = 0; row < active.Count; row++) tokens[row] = [active[row].Ids[^1]];
                var runStarted = Stopwatch.GetTimestamp();
                var output = _session.Run(tokens, kv, runOptions);
                modelTicks += Stopwatch.GetTimestamp() - runStarted;
                kv.Dispose();
                kv = output.Present;
                steps++;

                for (var row = 0; row < active.Count; row++)
                {
                    var candidate = active[row];
                    var logits = output.LastLogits[row];
                    options.LogitsProcessor?.Process(new LogitsContext(candidate.Index, candidate.Ids.Count, candidate.Ids, candidate.Decoder.Text), logits);
                    var token = options.Temperature <= 0
                        ? Sampler.ArgMax(logits)
                        : Sampler.Sample(logits, options.Temperature, options.TopP, candidate.Random);
                    if (float.IsNegativeInfinity(logits[token]))
                    {
                        candidate.Finish(StopReason.Rejected);
                        continue;
                    }

                    Accept(candidate, token, logits[token] - Sampler.LogSumExp(logits), options);
                }

                var remaining = Enumerable.Range(0, active.Count).Where(r => !active[r].Done).ToArray();
                if (remaining.Length != active.Count && remaining.Length > 0)
                {
                    var compacted = kv.SelectRows(remaining);
                    kv.Dispose();
                    kv = compacted;
                }

                active = remaining.Select(r => active[r]).ToList();
            }
        }
        finally
        {
            kv.Dispose();
        }

        return Result(candidates, prompt.Count, reused, evaluated, steps, promptTime, modelTicks);
    }

    private void Accept(CandidateState candidate, int token, float logProb, GenerationOptions options)
    {
        if (token == _endOfTextId)
        {
            candidate.Finish(StopReason.EndOfText);
            return;
        }

        if (_stopIds.Contains(token))
        {
            candidate.Finish(StopReason.StopToken);
            return;
        }

        candidate.Ids.Add(token);
        candidate.SumLogProb += logProb;
        candidate.Decoder.Append(token);
        var text = candidate.Decoder.Text;

        foreach (var stop in options.StopStrings)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                candidate.Finish(StopReason.StopString, text[..at]);
                return;
            }
        }

        if (options.MaxLines > 0)
        {
            var newlines = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n' && ++newlines == options.MaxLines)
                {
                    var cut = i > 0 && text[i - 1] == '\r' ? i - 1 : i;
                    candidate.Finish(StopReason.MaxLines, text[..cut]);
                    return;
                }
            }
        }

        if (candidate.Ids.Count >= options.MaxNewTokens)
        {
            candidate.Finish(StopReason.MaxTokens);
        }
    }

    private (float[] Logits, int Reused, int Evaluated) EvaluatePrompt(IReadOnlyList<int> prompt, RunOptions runOptions)
    {
        var common = 0;
        var limit = Math.Min(prompt.Count, _cachedIds.Length);
        while (common < limit && _cachedIds[common] == prompt[common]) common++;

        if (common == prompt.Count && common == _cachedIds.Length && _cachedLogits is not null)
        {
            return (_cachedLogits, common, 0);
        }

        if (common == prompt.Count)
        {
            common--; // need the logits of the last prompt token: evaluate it again
        }

        KvCache past;
        var ownsPast = true;
        if (_cachedKv is not null && common == _cachedKv.Length)
        {
            past = _cachedKv;
            ownsPast = false;
        }
        else if (_cachedKv is not null && common > 0)
        {
            past = _cachedKv.Truncate(common);
        }
        else
        {
            common = 0;
            past = _session.EmptyCache(1);
        }

        DecoderOutput output;
        try
        {
            var rest = new int[prompt.Count - common];
            for (var i = 0; i < rest.Length; i++) rest[i] = prompt[common + i];
            output = _session.Run([rest], past, runOptions);
        }
        finally
        {
            if (ownsPast)
            {
                past.Dispose();
            }
        }

        ResetCache();
        _cachedKv = output.Present;
        _cachedIds = [.. prompt];
        _cachedLogits = output.LastLogits[0];
        return (_cachedLogits, common, prompt.Count - common);
    }

    private void ResetCache()
    {
        _cachedKv?.Dispose();
        _cachedKv = null;
        _cachedIds = [];
        _cachedLogits = null;
    }

    private static GenerationResult Result(CandidateState[] candidates, int promptTokens, int reused, int evaluated, int steps, TimeSpan promptTime, long decodeModelTicks) =>
        new(candidates.Select(c => c.ToCandidate()).ToArray(), promptTokens, reused, evaluated, steps)
        {
            PromptTime = promptTime,
            DecodeModelTime = Stopwatch.GetElapsedTime(0, decodeModelTicks),
        };

    public void Dispose()
    {
        ResetCache();
        _gate.Dispose();
    }

    private sealed class CandidateState(int index, IncrementalDecoder decoder, Random random)
    {
        public int Index { get; } = index;
        public IncrementalDecoder Decoder { get; } = decoder;
        public Random Random { get; } = random;
        public List<int> Ids { get; } = [];
        public double SumLogProb { get; set; }
        public bool Done { get; private set; }
        public StopReason Reason { get; private set; } = StopReason.MaxTokens;
        public string? FinalText { get; private set; }

        public void Finish(StopReason reason, string? text = null)
        {
            Done = true;
            Reason = reason;
            FinalText = text;
        }

        public GeneratedCandidate ToCandidate() => new(FinalText ?? Decoder.Text, Ids.ToArray(), SumLogProb, Reason);
    }
}
