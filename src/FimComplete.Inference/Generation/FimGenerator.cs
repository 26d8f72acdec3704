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

    /// <summary>Tokens a background prefill evaluates per model run: the generator's gate is free between chunks, so
    /// a request that cancels the prefill waits at most one chunk, and the chunks already evaluated stay cached.</summary>
    public const int PrefillChunkTokens = 64;

    /// <summary>
    /// Evaluates <paramref name="prompt"/> into the prompt cache without generating (the editor's cursor is on a new line
    /// and a request there is likely), in chunks of <see cref="PrefillChunkTokens"/>. Cancellation stops it between or
    /// inside a chunk; what was evaluated before stays in the cache, so the request that cancelled it reuses it.
    /// Returns the tokens evaluated.
    /// </summary>
    public int Prefill(IReadOnlyList<int> prompt, CancellationToken cancellationToken)
    {
        var evaluated = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _gate.Wait(cancellationToken);
            try
            {
                var common = 0;
                var limit = Math.Min(prompt.Count, _cachedIds.Length);
                while (common < limit && _cachedIds[common] == prompt[common]) common++;
                if (prompt.Count == 0 || (common == prompt.Count && _cachedIds.Length == prompt.Count && _cachedLogits is not null))
                {
                    return evaluated;
                }

                var end = Math.Min(prompt.Count, common + PrefillChunkTokens);
                using var runOptions = new RunOptions();
                using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
                try
                {
                    evaluated += EvaluatePrompt(prompt.Take(end).ToArray(), runOptions).Evaluated;
                }
                catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException("Prefill was cancelled during a model run.", cancellationToken);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private GenerationResult GenerateLocked(IReadOnlyList<int> prompt, GenerationOptions options, RunOptions runOptions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var promptStarted = Stopwatch.GetTimestamp();
        var (promptLogits, reused, evaluated) = EvaluatePrompt(prompt, runOptions);
        var promptTime = Stopwatch.GetElapsedTime(promptStarted);
        var candidates = Enumerable.Range(0, Math.Max(1, options.Candidates))
            .Select(i => new CandidateState(i, _tokenizer.CreateIncrementalDecoder(), new Random(options.Seed + (7919 * i))))
            .ToArray();

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
            return Result(candidates, prompt.Count, reused, evaluated, new DecodeStats(), promptTime);
        }

        var kv = _cachedKv!.SelectRows(active.Select(_ => 0).ToArray());
        var stats = new DecodeStats();
        try
        {
            if (options.Temperature <= 0 && options.SpeculativeDraftTokens > 0)
            {
                DecodeSpeculative(prompt, active, ref kv, options, runOptions, stats, cancellationToken);
            }
            else
            {
                DecodePlain(prompt, active, ref kv, options, runOptions, stats, cancellationToken);
            }
        }
        finally
        {
            kv.Dispose();
        }

        return Result(candidates, prompt.Count, reused, evaluated, stats, promptTime);
    }

    private void DecodePlain(IReadOnlyList<int> prompt, List<CandidateState> active, ref KvCache kv, GenerationOptions options, RunOptions runOptions, DecodeStats stats, CancellationToken cancellationToken)
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
            stats.ModelTicks += Stopwatch.GetTimestamp() - runStarted;
            kv.Dispose();
            kv = output.Present;
            stats.Steps++;

            for (var row = 0; row < active.Count; row++)
            {
                ChooseNext(active[row], output.LastLogits[row], options);
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

    /// <summary>
    /// Greedy decoding that feeds each candidate's draft tokens after its last token and keeps the drafts that greedy
    /// decoding chooses. Each row's input is the tokens it has that the cache lacks (its pending tokens) and then its
    /// drafts, all rows as long as the longest (shorter drafts are padded with more guesses). At every position the
    /// logits processor runs on the same context, in the same order, as in plain decoding, and the position's token is
    /// chosen the same way; the first draft that differs ends the row's pass. A pass over several positions rounds
    /// differently from a one-position pass, and the 8-bit weights' activation quantisation can turn that into logit
    /// differences of ~0.1 (measured on models/default), so a position whose best two tokens are closer than
    /// <see cref="GenerationOptions.SpeculativeMinMargin"/> is left to a one-token pass, as plain decoding computes it.
    /// The cache is then cut back to the
    /// positions every remaining row has verified; a row that verified more keeps its extra tokens pending for the
    /// next pass.
    /// </summary>
    private void DecodeSpeculative(IReadOnlyList<int> prompt, List<CandidateState> active, ref KvCache kv, GenerationOptions options, RunOptions runOptions, DecodeStats stats, CancellationToken cancellationToken)
    {
        var drafter = options.DraftSource ?? PromptLookupDraftSource.Default;
        var buffer = new int[options.SpeculativeDraftTokens];
        foreach (var candidate in active) candidate.Pending = 1;
        var draftsAllowed = true;

        while (active.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var candidate in active)
            {
                if (prompt.Count + candidate.Ids.Count >= _contextLength)
                {
                    candidate.Finish(StopReason.MaxTokens);
                }
            }

            if (!Compact(prompt, ref active, ref kv, kv.Length))
            {
                break;
            }

            // Positions past the context are never needed: a token there would end the candidate (MaxTokens) first.
            var cacheLength = kv.Length;
            var rowLength = 1;
            var drafts = new int[active.Count][];
            for (var row = 0; row < active.Count; row++)
            {
                var candidate = active[row];
                var room = Math.Min(buffer.Length, options.MaxNewTokens - candidate.Ids.Count - 1);
                var count = room > 0 && draftsAllowed ? drafter.Draft(prompt, candidate.Ids, buffer.AsSpan(0, room)) : 0;
                drafts[row] = buffer[..count];
                rowLength = Math.Max(rowLength, candidate.Pending + count);
            }

            rowLength = Math.Min(rowLength, _contextLength - 1 - cacheLength);
            var tokens = new int[active.Count][];
            for (var row = 0; row < active.Count; row++)
            {
                var candidate = active[row];
                var input = new int[rowLength];
                for (var i = 0; i < candidate.Pending; i++) input[i] = candidate.Ids[candidate.Ids.Count - candidate.Pending + i];
                for (var i = candidate.Pending; i < rowLength; i++)
                {
                    var d = i - candidate.Pending;
                    input[i] = d < drafts[row].Length ? drafts[row][d] : input[i - 1];
                }

                tokens[row] = input;
                stats.Drafted += rowLength - candidate.Pending;
            }

            var runStarted = Stopwatch.GetTimestamp();
            var output = _session.Run(tokens, kv, runOptions, rowLength);
            stats.ModelTicks += Stopwatch.GetTimestamp() - runStarted;
            kv.Dispose();
            kv = output.Present;
            stats.Steps++;

            var verified = new int[active.Count];
            var careful = false;
            for (var row = 0; row < active.Count; row++)
            {
                var candidate = active[row];
                var accepted = 0;
                var undecided = false;
                for (var position = candidate.Pending - 1; position < rowLength; position++)
                {
                    if (position > candidate.Pending - 1 && prompt.Count + candidate.Ids.Count >= _contextLength)
                    {
                        candidate.Finish(StopReason.MaxTokens);
                        break;
                    }

                    var logits = output.TailLogits[row][position];
                    options.LogitsProcessor?.Process(new LogitsContext(candidate.Index, candidate.Ids.Count, candidate.Ids, candidate.Decoder.Text), logits);
                    if (draftsAllowed && rowLength > 1 && Sampler.TopTwoMargin(logits) < options.SpeculativeMinMargin)
                    {
                        undecided = true;
                        break;
                    }

                    var token = Choose(candidate, logits, options);
                    if (candidate.Done || position + 1 >= rowLength || token != tokens[row][position + 1])
                    {
                        break;
                    }

                    accepted++;
                }

                stats.Accepted += accepted;

                // An undecided position is evaluated again by a one-token pass, as plain decoding evaluates it: the
                // token before it goes back to pending.
                verified[row] = cacheLength + candidate.Pending + accepted - (undecided ? 1 : 0);
                careful |= undecided;
            }

            // The next pass carries no drafts, and decides every position it computes (so it always progresses).
            draftsAllowed = !careful;

            var common = int.MaxValue;
            for (var row = 0; row < active.Count; row++)
            {
                if (!active[row].Done)
                {
                    common = Math.Min(common, verified[row]);
                }
            }

            if (!Compact(prompt, ref active, ref kv, common))
            {
                break;
            }
        }
    }

    /// <summary>Drops finished candidates and cuts the cache to <paramref name="length"/> positions; false when none
    /// is left. Each remaining candidate's pending tokens are those the cut cache lacks.</summary>
    private static bool Compact(IReadOnlyList<int> prompt, ref List<CandidateState> active, ref KvCache kv, int length)
    {
        var remaining = new List<int>(active.Count);
        for (var row = 0; row < active.Count; row++)
        {
            if (!active[row].Done)
            {
                remaining.Add(row);
            }
        }

        if (remaining.Count == 0)
        {
            active = [];
            return false;
        }

        if (remaining.Count != active.Count || length != kv.Length)
        {
            var cut = kv.Select(remaining, length);
            kv.Dispose();
            kv = cut;
        }

        var rows = active;
        active = remaining.Select(r => rows[r]).ToList();
        foreach (var candidate in active) candidate.Pending = prompt.Count + candidate.Ids.Count - length;
        return true;
    }

    /// <summary>Applies the logits processor to one position's logits and takes the next token (greedy or sampled).</summary>
    private int ChooseNext(CandidateState candidate, float[] logits, GenerationOptions options)
    {
        options.LogitsProcessor?.Process(new LogitsContext(candidate.Index, candidate.Ids.Count, candidate.Ids, candidate.Decoder.Text), logits);
        return Choose(candidate, logits, options);
    }

    /// <summary>Takes the next token from processed logits (greedy or sampled).</summary>
    private int Choose(CandidateState candidate, float[] logits, GenerationOptions options)
    {
        candidate.Choices++;
        var token = options.Temperature <= 0
            ? Sampler.ArgMax(logits)
            : Sampler.Sample(logits, options.Temperature, options.TopP, candidate.Random);
        if (float.IsNegativeInfinity(logits[token]))
        {
            candidate.Finish(StopReason.Rejected);
            return token;
        }

        Accept(candidate, token, logits[token] - Sampler.LogSumExp(logits), options);
        return token;
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

    private static GenerationResult Result(CandidateState[] candidates, int promptTokens, int reused, int evaluated, DecodeStats stats, TimeSpan promptTime) =>
        new(candidates.Select(c => c.ToCandidate()).ToArray(), promptTokens, reused, evaluated, stats.Steps)
        {
            PromptTime = promptTime,
            DecodeModelTime = Stopwatch.GetElapsedTime(0, stats.ModelTicks),
            PlainDecodeSteps = candidates.Max(c => c.Choices),
            DraftTokens = stats.Drafted,
            AcceptedDraftTokens = stats.Accepted,
        };

    /// <summary>What decoding cost: forward passes, time inside them, draft tokens fed and kept.</summary>
    private sealed class DecodeStats
    {
        public int Steps { get; set; }
        public long ModelTicks { get; set; }
        public int Drafted { get; set; }
        public int Accepted { get; set; }
    }

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

        /// <summary>Tokens chosen from decode-step logits (one forward pass each in plain decoding).</summary>
        public int Choices { get; set; }

        /// <summary>Trailing <see cref="Ids"/> that the KV cache does not hold yet (speculative decoding).</summary>
        public int Pending { get; set; }
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
