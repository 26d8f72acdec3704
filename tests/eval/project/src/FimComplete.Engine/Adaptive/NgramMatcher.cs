namespace FimComplete.Engine.Adaptive;

/// <summary>What the workspace says follows a context: the tokens seen after its longest matching suffix, with counts.</summary>
public sealed class CacheDistribution
{
    internal CacheDistribution(int order, int total, int[] tokens, int[] counts)
    {
        Order = order;
        Total = total;
        Tokens = tokens;
        Counts = counts;
        MaxCount = counts.Length == 0 ? 0 : counts.Max();
    }

    /// <summary>Length of the matched context (tokens), 1 to the index's MaxOrder.</summary>
    public int Order { get; }

    /// <summary>Occurrences of the matched context (after skipping dead documents and the cursor's own n-grams).</summary>
    public int Total { get; }

    /// <summary>Count of the most frequent continuation.</summary>
    public int MaxCount { get; }

    /// <summary>The continuations, most frequent first.</summary>
    public int[] Tokens { get; }

    public int[] Counts { get; }

    public double Probability(int token)
    {
        var i = Array.IndexOf(Tokens, token);
        return i < 0 ? 0 : (double)Counts[i] / Total;
    }
}

/// <summary>
/// Longest-match lookups on one <see cref="NgramSnapshot"/> (backoff from MaxOrder context tokens down to 1). Holds
/// scratch buffers: one matcher per thread.
/// </summary>
public sealed class NgramMatcher
{
    private readonly NgramSnapshot _snapshot;
    private readonly CursorExclusion? _exclusion;
    private readonly int _maxScan;
    private readonly int[] _counts;
    private readonly List<int> _touched = [];
    private readonly (int Lo, int Hi)[] _ranges;
    private readonly int[] _depths;

    /// <param name="snapshot">The index view to read.</param>
    /// <param name="exclusion">The cursor's place in its own document: n-grams spanning it are skipped.</param>
    /// <param name="maxScan">At most this many occurrences are read per lookup; a context seen more often (short,
    /// common ones) is estimated from an evenly spaced sample of its occurrences.</param>
    public NgramMatcher(NgramSnapshot snapshot, CursorExclusion? exclusion = null, int maxScan = 4096)
    {
        _snapshot = snapshot;
        _exclusion = exclusion;
        _maxScan = Math.Max(1, maxScan);
        _counts = new int[snapshot.Tokenizer.VocabularySize];
        _ranges = new (int, int)[snapshot.Blocks.Length * snapshot.MaxOrder];
        _depths = new int[snapshot.Blocks.Length];
    }

    public NgramSnapshot Snapshot => _snapshot;

    /// <summary>
    /// The continuations of the longest suffix of <paramref name="context"/> (at most MaxOrder tokens, most recent last)
    /// that occurs in the workspace; null when not even its last token occurs.
    /// </summary>
    public CacheDistribution? Match(ReadOnlySpan<int> context)
    {
        var order = _snapshot.MaxOrder;
        if (context.Length > order)
        {
            context = context[^order..];
        }

        if (context.Length == 0)
        {
            return null;
        }

        var blocks = _snapshot.Blocks;
        var maxDepth = 0;
        for (var b = 0; b < blocks.Length; b++)
        {
            _depths[b] = blocks[b].Block.Match(context, _ranges.AsSpan(b * order, order));
            maxDepth = Math.Max(maxDepth, _depths[b]);
        }

        for (var d = maxDepth; d >= 1; d--)
        {
            long seen = 0;
            for (var b = 0; b < blocks.Length; b++)
            {
                if (_depths[b] >= d)
                {
                    var (lo, hi) = _ranges[(b * order) + d - 1];
                    seen += hi - lo;
                }
            }

            var stride = seen > _maxScan ? (int)((seen + _maxScan - 1) / _maxScan) : 1;
            var total = 0;
            for (var b = 0; b < blocks.Length; b++)
            {
                if (_depths[b] < d) continue;
                var view = blocks[b];
                var block = view.Block;
                var (lo, hi) = _ranges[(b * order) + d - 1];
                for (var i = lo; i < hi; i += stride)
                {
                    var p = block.Suffixes[i];
                    if (view.Dead is not null && view.IsDead(p)) continue;
                    if (_exclusion is not null && _exclusion.Excludes(block, p, d)) continue;
                    var next = block.Tokens[p];
                    if (_counts[next]++ == 0) _touched.Add(next);
                    total++;
                }
            }

            if (total > 0)
            {
                var tokens = _touched.ToArray();
                var counts = new int[tokens.Length];
                for (var i = 0; i < tokens.Length; i++) counts[i] = _counts[tokens[i]] * stride;
                Reset();
                Array.Sort(counts, tokens);
                Array.Reverse(counts);
                Array.Reverse(tokens);
                return new CacheDistribution(d, total * stride, tokens, counts);
            }

            Reset();
        }

        return null;
    }

    private void Reset()
    {
        foreach (var t in _touched) _counts[t] = 0;
        _touched.Clear();
    }
}
