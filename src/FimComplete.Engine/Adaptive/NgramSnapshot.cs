using System.Collections.Immutable;
using System.Text;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Engine.Adaptive;

/// <summary>An immutable view of a <see cref="WorkspaceNgramIndex"/>; safe to read from any thread.</summary>
public sealed class NgramSnapshot
{
    internal NgramSnapshot(HfTokenizer tokenizer, int maxOrder, BlockView[] blocks, ImmutableDictionary<string, NgramDocument> docs, long tokens, long bytes)
    {
        Tokenizer = tokenizer;
        MaxOrder = maxOrder;
        Blocks = blocks;
        Docs = docs;
        Tokens = tokens;
        EstimatedBytes = bytes;
    }

    public HfTokenizer Tokenizer { get; }

    public int MaxOrder { get; }

    public int Documents => Docs.Count;

    /// <summary>Tokens of all indexed documents.</summary>
    public long Tokens { get; }

    /// <summary>Estimate of the memory the index holds (token arrays, suffix arrays, per-segment metadata).</summary>
    public long EstimatedBytes { get; }

    /// <summary>Number of suffix-array blocks (a query does one binary search per block and context token).</summary>
    public int BlockCount => Blocks.Length;

    internal BlockView[] Blocks { get; }

    internal ImmutableDictionary<string, NgramDocument> Docs { get; }

    public IEnumerable<string> Paths => Docs.Keys;

    public bool Contains(string path) => Docs.ContainsKey(path);

    /// <summary>The indexed tokens of a document (null when it is not indexed).</summary>
    public int[]? GetTokens(string path) => Docs.TryGetValue(path, out var doc) ? doc.Block.DocumentTokens(doc.Slot).ToArray() : null;

    /// <summary>Exact counts of the tokens that follow <paramref name="context"/> (1 to <see cref="MaxOrder"/> tokens) anywhere.</summary>
    public IReadOnlyDictionary<int, int> Continuations(ReadOnlySpan<int> context)
    {
        if (context.Length is 0 || context.Length > MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(context), $"A context has 1 to {MaxOrder} tokens.");
        }

        var result = new Dictionary<int, int>();
        Span<(int Lo, int Hi)> ranges = stackalloc (int, int)[context.Length];
        foreach (var view in Blocks)
        {
            if (view.Block.Match(context, ranges) < context.Length)
            {
                continue;
            }

            var (lo, hi) = ranges[context.Length - 1];
            for (var i = lo; i < hi; i++)
            {
                var p = view.Block.Suffixes[i];
                if (view.IsDead(p)) continue;
                var next = view.Block.Tokens[p];
                result[next] = result.GetValueOrDefault(next) + 1;
            }
        }

        return result;
    }

    /// <summary>How often the n-gram (a context of up to <see cref="MaxOrder"/> tokens, then one token) occurs.</summary>
    public int Count(ReadOnlySpan<int> ngram)
    {
        if (ngram.Length < 2)
        {
            throw new ArgumentException("An n-gram here has a context and a next token (at least 2 tokens).", nameof(ngram));
        }

        return Continuations(ngram[..^1]).GetValueOrDefault(ngram[^1]);
    }

    /// <summary>
    /// Where the cursor (<paramref name="prefixEnd"/>, an offset into <paramref name="text"/>, the LF text the index holds
    /// for <paramref name="path"/>) falls in the document's tokens, so that a cache query can skip the n-grams that span
    /// it (in the index the prefix runs straight into the suffix, which the completion must not copy). Null when the
    /// document is not indexed or its indexed text differs at the cursor.
    /// </summary>
    public CursorExclusion? Locate(string path, string text, int prefixEnd)
    {
        if (!Docs.TryGetValue(path, out var doc) || prefixEnd < 0 || prefixEnd > text.Length)
        {
            return null;
        }

        var layout = doc.Layout;
        var charAt = 0;
        var tokenAt = 0;
        for (var i = 0; i < layout.Chars.Length; i++)
        {
            var length = layout.Chars[i];
            if (prefixEnd < charAt + length)
            {
                if (charAt + length > text.Length || SegmentedTokenizer.Hash(text.AsSpan(charAt, length)) != layout.Hashes[i])
                {
                    return null;
                }

                var bytes = Encoding.UTF8.GetByteCount(text.AsSpan(charAt, prefixEnd - charAt));
                var tokens = doc.Block.DocumentTokens(doc.Slot).Slice(tokenAt, layout.TokenCounts[i]);
                var end = 0;
                var j = 0;
                while (j < tokens.Length)
                {
                    end += Tokenizer.TokenBytes(tokens[j]).Length;
                    if (end > bytes) break;
                    j++;
                }

                return new CursorExclusion(doc.Block, doc.Start + tokenAt + j);
            }

            charAt += length;
            tokenAt += layout.TokenCounts[i];
        }

        return charAt == prefixEnd ? new CursorExclusion(doc.Block, doc.Start + tokenAt) : null;
    }

    /// <summary>An exclusion of the n-grams that touch tokens [<paramref name="start"/>, start + <paramref name="length"/>)
    /// of a document (a held-out line, as if removed; see <see cref="CacheLmCalibration"/>). Null when not indexed.</summary>
    internal CursorExclusion? ExcludeSpan(string path, int start, int length) =>
        Docs.TryGetValue(path, out var doc) ? new CursorExclusion(doc.Block, doc.Start + start, Math.Max(0, length)) : null;
}

/// <summary>
/// The cursor's place in its document's indexed tokens: <see cref="Position"/> is the first token not wholly before the
/// cursor. An n-gram occurrence whose next token is at position p and whose context has d tokens spans the cursor when
/// Position &lt;= p &lt; Position + d; those are skipped. With a <see cref="Length"/> (a held-out span of that many
/// tokens from Position), every occurrence that touches the span is skipped: Position &lt;= p &lt; Position + Length + d.
/// </summary>
public sealed class CursorExclusion
{
    internal CursorExclusion(NgramBlock block, int position, int length = 0)
    {
        Block = block;
        Position = position;
        Length = length;
    }

    internal NgramBlock Block { get; }

    public int Position { get; }

    /// <summary>Tokens from <see cref="Position"/> treated as removed (0 at a cursor).</summary>
    public int Length { get; }

    internal bool Excludes(NgramBlock block, int position, int depth) =>
        ReferenceEquals(block, Block) && position >= Position && position < Position + Length + depth;
}
