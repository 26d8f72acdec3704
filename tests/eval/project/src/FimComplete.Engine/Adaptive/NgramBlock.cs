namespace FimComplete.Engine.Adaptive;

/// <summary>
/// An immutable group of documents' tokens with a suffix array over the reversed contexts: the positions of every token
/// sorted by the tokens before it (nearest first, up to <c>maxOrder</c> of them). The positions whose preceding tokens
/// equal a context form one contiguous range, found by one binary search per context token, so the continuation
/// counts of any context of up to <c>maxOrder</c> tokens are read off a range. Documents are separated by -1 (never a
/// token), so no context spans two documents.
/// </summary>
internal sealed class NgramBlock
{
    private static long _nextId;

    private NgramBlock(int[] tokens, int[] suffixes, string[] paths, int[] starts, int[] lengths, bool hot)
    {
        Tokens = tokens;
        Suffixes = suffixes;
        Paths = paths;
        Starts = starts;
        Lengths = lengths;
        Hot = hot;
        Id = Interlocked.Increment(ref _nextId);
        foreach (var length in lengths) TokenCount += length;
    }

    public long Id { get; }

    /// <summary>The documents' tokens: <c>maxOrder</c> separators, then each document followed by one separator.</summary>
    public int[] Tokens { get; }

    /// <summary>Positions p (Tokens[p] &gt;= 0) sorted by Tokens[p-1], Tokens[p-2], ... Tokens[p-maxOrder].</summary>
    public int[] Suffixes { get; }

    public string[] Paths { get; }

    public int[] Starts { get; }

    public int[] Lengths { get; }

    /// <summary>A block of one recently edited document (merged into a larger block later).</summary>
    public bool Hot { get; }

    public int TokenCount { get; }

    public long EstimatedBytes => 64 + (Tokens.Length * 4L) + (Suffixes.Length * 4L) + (Paths.Length * 40L);

    public ReadOnlySpan<int> DocumentTokens(int slot) => Tokens.AsSpan(Starts[slot], Lengths[slot]);

    /// <summary>The slot of the document that holds a position.</summary>
    public int SlotOf(int position)
    {
        var index = Array.BinarySearch(Starts, position);
        return index >= 0 ? index : ~index - 1;
    }

    public static NgramBlock Build(IReadOnlyList<(string Path, int[] Tokens)> documents, int maxOrder, int bitsPerToken, bool hot)
    {
        var total = maxOrder;
        foreach (var (_, tokens) in documents) total += tokens.Length + 1;

        var all = new int[total];
        all.AsSpan(0, maxOrder).Fill(-1);
        var paths = new string[documents.Count];
        var starts = new int[documents.Count];
        var lengths = new int[documents.Count];
        var at = maxOrder;
        for (var i = 0; i < documents.Count; i++)
        {
            var (path, tokens) = documents[i];
            paths[i] = path;
            starts[i] = at;
            lengths[i] = tokens.Length;
            tokens.CopyTo(all, at);
            at += tokens.Length;
            all[at++] = -1;
        }

        return new NgramBlock(all, SortSuffixes(all, maxOrder, bitsPerToken), paths, starts, lengths, hot);
    }

    /// <summary>First index i in [lo, hi) with Tokens[Suffixes[i] - depth] &gt;= value (hi when none).</summary>
    public int LowerBound(int lo, int hi, int depth, int value)
    {
        var tokens = Tokens;
        var suffixes = Suffixes;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (tokens[suffixes[mid] - depth] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// Narrows the range depth by depth on the context's tokens (last token first). Returns the depth reached (the
    /// longest matched suffix of <paramref name="context"/>) and writes each depth's range to <paramref name="ranges"/>.
    /// </summary>
    public int Match(ReadOnlySpan<int> context, Span<(int Lo, int Hi)> ranges)
    {
        var lo = 0;
        var hi = Suffixes.Length;
        var depth = 0;
        for (var d = 1; d <= context.Length; d++)
        {
            var want = context[^d];
            var l = LowerBound(lo, hi, d, want);
            if (l == hi || Tokens[Suffixes[l] - d] != want)
            {
                break;
            }

            var h = LowerBound(l, hi, d, want + 1);
            lo = l;
            hi = h;
            ranges[d - 1] = (l, h);
            depth = d;
        }

        return depth;
    }

    private static int[] SortSuffixes(int[] tokens, int maxOrder, int bits)
    {
        var count = 0;
        for (var p = maxOrder; p < tokens.Length; p++)
        {
            if (tokens[p] >= 0) count++;
        }

        var perWord = 64 / bits;
        var words = (maxOrder + perWord - 1) / perWord;
        var result = new int[count];
        if (words > 3)
        {
            var n = 0;
            for (var p = maxOrder; p < tokens.Length; p++)
            {
                if (tokens[p] >= 0) result[n++] = p;
            }

            Array.Sort(result, (x, y) =>
            {
                for (var d = 1; d <= maxOrder; d++)
                {
                    var c = tokens[x - d].CompareTo(tokens[y - d]);
                    if (c != 0) return c;
                }

                return x.CompareTo(y);
            });
            return result;
        }

        var keys = new SortKey[count];
        var k = 0;
        Span<ulong> w = stackalloc ulong[3];
        for (var p = maxOrder; p < tokens.Length; p++)
        {
            if (tokens[p] < 0) continue;
            w.Clear();
            for (var d = 1; d <= maxOrder; d++)
            {
                var value = (ulong)(uint)(tokens[p - d] + 1); // -1 (separator) sorts first
                var word = (d - 1) / perWord;
                var shift = (perWord - 1 - ((d - 1) % perWord)) * bits;
                w[word] |= value << shift;
            }

            keys[k++] = new SortKey(w[0], w[1], w[2], p);
        }

        Array.Sort(keys);
        for (var i = 0; i < keys.Length; i++) result[i] = keys[i].Position;
        return result;
    }

    private readonly record struct SortKey(ulong A, ulong B, ulong C, int Position) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other)
        {
            var c = A.CompareTo(other.A);
            if (c != 0) return c;
            c = B.CompareTo(other.B);
            if (c != 0) return c;
            c = C.CompareTo(other.C);
            return c != 0 ? c : Position.CompareTo(other.Position);
        }
    }
}
