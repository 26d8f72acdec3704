using System.Diagnostics;
using System.Numerics.Tensors;
using FimComplete.Inference.Generation;

namespace FimComplete.Engine.Adaptive;

/// <summary>
/// Parameters of the cache LM mixture. With the matched context length L (tokens), its occurrences T and the count of
/// its most frequent continuation M:
/// <code>λ = min(LambdaMax, Slope · L / MaxOrder) · M / (T + 1)    (0 when there is no match or L &lt; MinOrder)</code>
/// so λ grows with the match length and with how peaked the continuations are (one occurrence: at most half the cap).
/// The defaults were chosen end to end with the shipped model (the runs are in docs/evaluation.md, "Cache LM" and "Gates
/// for the workspace parts"); re-tune them when the model changes. MinOrder 2 ignores one-token matches, whose
/// continuations are mostly noise.
/// </summary>
public sealed record CacheLmOptions
{
    /// <summary>Longest context looked up (at most the index's MaxOrder).</summary>
    public int MaxOrder { get; init; } = 8;

    /// <summary>Shorter matches than this are ignored (λ = 0).</summary>
    public int MinOrder { get; init; } = 2;

    /// <summary>Cap on the cache's weight (below 1).</summary>
    public double LambdaMax { get; init; } = 0.99;

    /// <summary>a in λ = min(λmax, a·L/MaxOrder)·M/(T+1): how fast the weight grows with the match length; a larger
    /// model needs less help from the cache, so a smaller slope (docs/evaluation.md has the runs).</summary>
    public double Slope { get; init; } = 1.0;

    /// <summary>Occurrences read per lookup before sampling (see <see cref="NgramMatcher"/>).</summary>
    public int MaxScan { get; init; } = 4096;

    /// <summary>After the first line of the completion (the rest of a block), and where the match's top continuation
    /// would end a line, a match shorter than this gets λ = 0: there a short match mostly ends the block early or
    /// continues another file's body. 8 (only full-length matches; with the other two gates, chosen on the tune
    /// projects of tests/eval/projects, docs/evaluation.md "Gates").</summary>
    public int BlockLineMinOrder { get; init; } = 8;

    /// <summary>Inside a string or char literal or a line comment (of the cursor's line plus the completion so far), a
    /// match shorter than this gets λ = 0: literals are where another file's text does not belong.</summary>
    public int LiteralMinOrder { get; init; } = 8;

    /// <summary>Right after a <c>.</c> (a member name starts), a match shorter than this gets λ = 0: there the member
    /// constraint and the model know the receiver's members, and a short match names another file's member.</summary>
    public int MemberMinOrder { get; init; } = 8;

    /// <summary>Scale λ per workspace by <see cref="CacheLmCalibration"/> (measured when the index is built). Off: on the
    /// tune projects the self-precision did not tell the workspaces where the cache helps from those where it hurts
    /// (docs/evaluation.md "Gates"), so it is measured and logged but does not set the weight.</summary>
    public bool Calibrate { get; init; } = false;

    /// <summary>Calibration precision at or below which the workspace's cache weight is 0.</summary>
    public double CalibrationFloor { get; init; } = 0.5;

    /// <summary>Calibration precision at or above which the workspace's cache weight is 1.</summary>
    public double CalibrationFull { get; init; } = 0.8;

    /// <summary>Documents sampled by the calibration (spread over the workspace in path order).</summary>
    public int CalibrationDocuments { get; init; } = 48;

    /// <summary>Held-out lines per sampled document.</summary>
    public int CalibrationLinesPerDocument { get; init; } = 6;

    /// <summary>Fewer mixed steps than this: too little to judge, the weight stays 1.</summary>
    public int CalibrationMinSteps { get; init; } = 100;

    /// <summary>The mixture weight for a lookup result at a position: <see cref="Lambda"/>, 0 where a position gate
    /// says so (see <see cref="BlockLineMinOrder"/>, <see cref="LiteralMinOrder"/>, <see cref="MemberMinOrder"/>), times
    /// the workspace's weight.</summary>
    public double GatedLambda(CacheDistribution? match, bool pastFirstLine, bool inLiteral, double workspaceWeight = 1.0, bool afterDot = false)
    {
        if (match is null || (pastFirstLine && match.Order < BlockLineMinOrder) || (inLiteral && match.Order < LiteralMinOrder)
            || (afterDot && match.Order < MemberMinOrder))
        {
            return 0;
        }

        return Lambda(match) * Math.Clamp(workspaceWeight, 0, 1);
    }

    /// <summary>The mixture weight for a lookup result, before the position gates and the workspace's weight.</summary>
    public double Lambda(CacheDistribution? match)
    {
        if (match is null || match.Order < MinOrder || match.Total <= 0)
        {
            return 0;
        }

        var lambda = Math.Min(Math.Min(LambdaMax, 0.99), Slope * match.Order / Math.Max(1, MaxOrder)) * match.MaxCount / (match.Total + 1.0);
        return Math.Clamp(lambda, 0, 0.99);
    }
}

/// <summary>
/// A cache language model over the workspace (Hellendoorn &amp; Devanbu 2017; kNN-LM style interpolation). Before each
/// token it looks up the last tokens (the prompt's tokens before the cursor, then the candidate's own) in the
/// <see cref="WorkspaceNgramIndex"/>, backing off from <see cref="CacheLmOptions.MaxOrder"/> tokens to the longest
/// context that occurs, and mixes the continuation counts into the model's distribution:
/// <code>p(x) = λ · P_cache(x) + (1 − λ) · P_model(x),    P_cache(x) = count(context, x) / count(context)</code>
/// with λ from <see cref="CacheLmOptions.Lambda"/>. Only the tokens the cache has seen are rewritten: with
/// Z = logsumexp(logits), each becomes log(λ·P_cache + (1−λ)·exp(logit − Z)) + Z − log(1−λ), which leaves every other
/// logit as it is (their softmax is scaled by 1−λ through the shared normaliser). Cost per step: one vectorised
/// logsumexp over the vocabulary plus the lookup (one binary search per block and context token), memoised per
/// context so candidates sharing a context (step 0) look up once. One processor per request; it reads one immutable
/// index snapshot throughout.
/// </summary>
public sealed class CacheLmLogitsProcessor : ILogitsProcessor
{
    private const int MemoLimit = 4096;
    private readonly int[] _before;
    private readonly NgramMatcher _matcher;
    private readonly Dictionary<(ulong, int), CacheDistribution?> _memo = [];
    private readonly int _order;
    private float[] _scratch = [];
    private int[] _context;
    private readonly string _linePrefix;
    private readonly FimComplete.Inference.Tokenization.HfTokenizer _tokenizer;

    /// <param name="snapshot">The index view to read.</param>
    /// <param name="contextBefore">The tokens before the cursor (the end of the prompt's prefix), most recent last; only
    /// the last MaxOrder matter.</param>
    /// <param name="exclusion">The cursor's place in its own indexed document (see <see cref="NgramSnapshot.Locate"/>).</param>
    /// <param name="options">Mixture parameters.</param>
    /// <param name="linePrefix">The cursor's line up to the cursor (for the literal gate).</param>
    /// <param name="workspaceWeight">The factor on λ from the workspace's calibration.</param>
    public CacheLmLogitsProcessor(NgramSnapshot snapshot, IReadOnlyList<int> contextBefore, CursorExclusion? exclusion, CacheLmOptions? options = null,
        string linePrefix = "", double workspaceWeight = 1.0)
    {
        Options = options ?? new CacheLmOptions();
        _linePrefix = linePrefix;
        _tokenizer = snapshot.Tokenizer;
        WorkspaceWeight = workspaceWeight;
        _order = Math.Clamp(Options.MaxOrder, 1, snapshot.MaxOrder);
        _before = contextBefore.Skip(Math.Max(0, contextBefore.Count - _order)).ToArray();
        _context = new int[_order];
        _matcher = new NgramMatcher(snapshot, exclusion, Options.MaxScan);
    }

    public CacheLmOptions Options { get; }

    /// <summary>The factor on λ from the workspace's calibration.</summary>
    public double WorkspaceWeight { get; }

    /// <summary>Calls so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Calls where the cache changed the distribution (λ &gt; 0).</summary>
    public int MixedSteps { get; private set; }

    /// <summary>Time spent in <see cref="Process"/>.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks((long)(_ticks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    private long _ticks;

    /// <summary>
    /// A processor for a completion in <paramref name="path"/> whose prompt prefix ends at <paramref name="prefixEnd"/> of
    /// <paramref name="text"/> (LF text, as indexed: call <see cref="WorkspaceNgramIndex.Update"/> with it first).
    /// </summary>
    public static CacheLmLogitsProcessor Create(WorkspaceNgramIndex index, string path, string text, int prefixEnd, CacheLmOptions? options = null, double workspaceWeight = 1.0)
    {
        options ??= new CacheLmOptions();
        var snapshot = index.Snapshot;
        prefixEnd = Math.Clamp(prefixEnd, 0, text.Length);
        var before = ContextBefore(index.Segmenter, text, prefixEnd, Math.Min(options.MaxOrder, snapshot.MaxOrder));
        var lineStart = prefixEnd == 0 ? 0 : text.LastIndexOf('\n', prefixEnd - 1) + 1;
        return new CacheLmLogitsProcessor(snapshot, before, snapshot.Locate(path, text, prefixEnd), options, text[lineStart..prefixEnd], workspaceWeight);
    }

    /// <summary>
    /// The last <paramref name="count"/> tokens of the text before <paramref name="prefixEnd"/>, tokenised from the start of
    /// a line a few lines up (for line-exact tokenizers these are the tokens the prompt's prefix ends with).
    /// </summary>
    public static int[] ContextBefore(SegmentedTokenizer segmenter, string text, int prefixEnd, int count)
    {
        prefixEnd = Math.Clamp(prefixEnd, 0, text.Length);
        var start = prefixEnd;
        for (var lines = 0; start > 0 && (lines < 3 || prefixEnd - start < 160); lines++)
        {
            var newline = start >= 2 ? text.LastIndexOf('\n', start - 2) : -1;
            start = newline + 1;
            if (newline < 0 || prefixEnd - start > 2000) break;
        }

        if (segmenter.Mode == SegmentationMode.BeforeUnindentedLine)
        {
            while (start > 0 && start < prefixEnd && char.IsWhiteSpace(text[start]))
            {
                var newline = start >= 2 ? text.LastIndexOf('\n', start - 2) : -1;
                start = newline + 1;
                if (prefixEnd - start > 4000) break;
            }
        }

        var ids = segmenter.Encode(text, start, prefixEnd - start);
        return ids.Length <= count ? ids : ids[^count..];
    }

    /// <summary>The cache's lookup for a candidate that has generated <paramref name="generated"/> so far.</summary>
    public CacheDistribution? Lookup(IReadOnlyList<int> generated)
    {
        var length = Math.Min(_order, _before.Length + generated.Count);
        var fromGenerated = Math.Min(generated.Count, length);
        var fromBefore = length - fromGenerated;
        var at = 0;
        for (var i = _before.Length - fromBefore; i < _before.Length; i++) _context[at++] = _before[i];
        for (var i = generated.Count - fromGenerated; i < generated.Count; i++) _context[at++] = generated[i];

        var key = (Key(_context.AsSpan(0, length)), length);
        if (_memo.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var match = _matcher.Match(_context.AsSpan(0, length));
        if (_memo.Count >= MemoLimit) _memo.Clear();
        _memo[key] = match;
        return match;
    }

    public void Process(LogitsContext context, Span<float> logits)
    {
        var start = Stopwatch.GetTimestamp();
        Steps++;
        var match = Lookup(context.GeneratedIds);
        var generated = context.GeneratedText;
        var lastNewline = generated.LastIndexOf('\n');
        var inLiteral = Options.LiteralMinOrder > 0 && match is not null && match.Order < Options.LiteralMinOrder
            && LiteralScanner.EndsInLiteral(lastNewline < 0 ? _linePrefix + generated : generated[(lastNewline + 1)..]);
        var afterDot = Options.MemberMinOrder > 0 && match is not null && match.Order < Options.MemberMinOrder
            && (generated.Length > 0 ? generated[^1] == '.' : _linePrefix.EndsWith('.'));
        // A short match does not decide where a line ends either (its top continuation starts the next line).
        var pastFirstLine = lastNewline >= 0
            || (Options.BlockLineMinOrder > 0 && match is not null && match.Order < Options.BlockLineMinOrder && match.Tokens.Length > 0
                && Constraint.VocabularyIndex.For(_tokenizer).Bytes[match.Tokens[0]].AsSpan().Contains((byte)'\n'));
        var lambda = Options.GatedLambda(match, pastFirstLine, inLiteral, WorkspaceWeight, afterDot);
        if (lambda > 0)
        {
            if (_scratch.Length < logits.Length) _scratch = new float[logits.Length];
            if (Mix(logits, match!, lambda, _scratch)) MixedSteps++;
        }

        _ticks += Stopwatch.GetTimestamp() - start;
    }

    /// <summary>
    /// Rewrites <paramref name="logits"/> so that softmax gives λ·P_cache + (1−λ)·softmax(logits); touches only the
    /// cache's tokens. Tokens already forbidden (−∞) stay forbidden. Returns false when nothing changed.
    /// </summary>
    public static bool Mix(Span<float> logits, CacheDistribution match, double lambda, Span<float> scratch)
    {
        if (lambda <= 0 || match.Total <= 0)
        {
            return false;
        }

        var logZ = LogSumExp(logits, scratch);
        if (float.IsNegativeInfinity(logZ) || float.IsNaN(logZ))
        {
            return false;
        }

        var shift = logZ - Math.Log(1 - lambda);
        var changed = false;
        for (var i = 0; i < match.Tokens.Length; i++)
        {
            var token = match.Tokens[i];
            if ((uint)token >= (uint)logits.Length || float.IsNegativeInfinity(logits[token]))
            {
                continue;
            }

            var pModel = Math.Exp(logits[token] - logZ);
            var pCache = (double)match.Counts[i] / match.Total;
            logits[token] = (float)(Math.Log((lambda * pCache) + ((1 - lambda) * pModel)) + shift);
            changed = true;
        }

        return changed;
    }

    /// <summary>log Σ exp(logits), vectorised; −∞ when every logit is −∞.</summary>
    public static float LogSumExp(ReadOnlySpan<float> logits, Span<float> scratch)
    {
        var max = TensorPrimitives.Max(logits);
        if (float.IsNegativeInfinity(max) || float.IsNaN(max))
        {
            return max;
        }

        var buffer = scratch[..logits.Length];
        TensorPrimitives.Subtract(logits, max, buffer);
        TensorPrimitives.Exp(buffer, buffer);
        return max + MathF.Log(TensorPrimitives.Sum(buffer));
    }

    private static ulong Key(ReadOnlySpan<int> tokens)
    {
        var hash = 14695981039346656037UL;
        foreach (var t in tokens)
        {
            hash = (hash ^ (uint)t) * 1099511628211UL;
            hash ^= hash >> 29;
        }

        return hash;
    }
}
