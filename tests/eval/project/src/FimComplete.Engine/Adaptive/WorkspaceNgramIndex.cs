using System.Collections.Immutable;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Engine.Adaptive;

/// <summary>Limits and shape of a <see cref="WorkspaceNgramIndex"/>.</summary>
public sealed record NgramIndexOptions
{
    /// <summary>Longest context (in tokens) whose continuations the index counts.</summary>
    public int MaxOrder { get; init; } = 8;

    /// <summary>Cap on the tokens of all documents; beyond it the least recently updated documents are evicted.</summary>
    public long MaxTokens { get; init; } = 4_000_000;

    /// <summary>Cap on the number of documents (same eviction).</summary>
    public int MaxDocuments { get; init; } = 10_000;

    /// <summary>Documents longer than this (characters) are not indexed (generated code, data).</summary>
    public int MaxDocumentChars { get; init; } = 1_000_000;

    /// <summary>Documents are packed into blocks of about this many tokens (one suffix array each).</summary>
    public int BlockTokens { get; init; } = 1 << 16;

    /// <summary>Recently edited documents live in blocks of their own; past this many they are merged into blocks.</summary>
    public int MaxHotDocuments { get; init; } = 8;
}

/// <summary>
/// An n-gram index over the model's tokens of every workspace document: for any context of up to
/// <see cref="NgramIndexOptions.MaxOrder"/> tokens it gives the exact counts of the tokens that follow it anywhere in the
/// workspace (see <see cref="NgramSnapshot"/>).
/// <para>
/// Storage is positional, not a count table: each document's token array is kept (so updates are exact) in blocks of
/// about 64k tokens, each with a suffix array of its positions sorted by the reversed preceding context
/// (<see cref="NgramBlock"/>): about 8 bytes a token, against 100+ for hashed counts of orders 1 to 8. A count is the
/// size of a range found by binary search. An edited document gets a small block of its own and its old copy is marked
/// dead in its block; hot blocks are merged and half-dead blocks rebuilt as edits accumulate. Documents are tokenised
/// in segments (lines, for our tokenizer; see <see cref="SegmentedTokenizer"/>) and an edit re-tokenises only the
/// segments it changed.
/// </para>
/// <para>
/// Threading: one writer at a time (updates take a lock; a bulk load tokenises outside it), any number of readers.
/// Readers take <see cref="Snapshot"/>, an immutable view that stays consistent while they use it.
/// </para>
/// </summary>
public sealed class WorkspaceNgramIndex
{
    private readonly object _writeLock = new();
    private readonly int _bitsPerToken;
    private NgramSnapshot _snapshot;
    private long _clock;
    private long _docBytes;

    public WorkspaceNgramIndex(HfTokenizer tokenizer, NgramIndexOptions? options = null)
        : this(new SegmentedTokenizer(tokenizer), options)
    {
    }

    public WorkspaceNgramIndex(SegmentedTokenizer tokenizer, NgramIndexOptions? options = null)
    {
        Segmenter = tokenizer;
        Options = options ?? new NgramIndexOptions();
        if (Options.MaxOrder is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxOrder must be between 1 and 16.");
        }

        _bitsPerToken = Math.Max(1, (int)Math.Ceiling(Math.Log2(tokenizer.Tokenizer.VocabularySize + 1.0)));
        _snapshot = new NgramSnapshot(tokenizer.Tokenizer, Options.MaxOrder, [], ImmutableDictionary<string, NgramDocument>.Empty.WithComparers(StringComparer.Ordinal), 0, 0);
    }

    public NgramIndexOptions Options { get; }

    public SegmentedTokenizer Segmenter { get; }

    /// <summary>The current immutable view (lock-free).</summary>
    public NgramSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Documents evicted by the caps so far.</summary>
    public int Evictions { get; private set; }

    /// <summary>Segments re-tokenised / reused by updates so far (how incremental the updates were).</summary>
    public long SegmentsTokenized { get; private set; }

    public long SegmentsReused { get; private set; }

    public bool Contains(string path) => Snapshot.Contains(path);

    /// <summary>
    /// Sets a document's text (CRLF is read as LF). Only the segments that changed are tokenised again; its old n-grams
    /// are gone and the new ones counted when this returns. Returns false when the document is too large to index.
    /// </summary>
    public bool Update(string path, string text)
    {
        text = SegmentedTokenizer.NormalizeNewlines(text);
        if (text.Length > Options.MaxDocumentChars)
        {
            Remove(path);
            return false;
        }

        lock (_writeLock)
        {
            var snapshot = _snapshot;
            snapshot.Docs.TryGetValue(path, out var old);
            var layout = SegmentLayout.Of(Segmenter, text);
            var stamp = ++_clock;
            if (old is not null && old.Layout.SameAs(layout))
            {
                Publish(snapshot.Blocks, snapshot.Docs.SetItem(path, old with { Stamp = stamp }));
                return true;
            }

            var tokens = Tokenize(text, layout, old, snapshot);
            var blocks = snapshot.Blocks.ToList();
            if (old is not null)
            {
                RemoveFrom(blocks, old);
                _docBytes -= old.EstimatedBytes;
            }

            var block = NgramBlock.Build([(path, tokens)], Options.MaxOrder, _bitsPerToken, hot: true);
            blocks.Add(new BlockView(block, null, 0));
            var added = new NgramDocument(path, layout, stamp, block, 0);
            _docBytes += added.EstimatedBytes;
            var docs = snapshot.Docs.SetItem(path, added);
            Commit(blocks, docs, keep: path);
            return true;
        }
    }

    /// <summary>Drops a document and its n-grams.</summary>
    public bool Remove(string path)
    {
        lock (_writeLock)
        {
            var snapshot = _snapshot;
            if (!snapshot.Docs.TryGetValue(path, out var old))
            {
                return false;
            }

            var blocks = snapshot.Blocks.ToList();
            RemoveFrom(blocks, old);
            _docBytes -= old.EstimatedBytes;
            Commit(blocks, snapshot.Docs.Remove(path), keep: null);
            return true;
        }
    }

    /// <summary>Drops every document.</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            _docBytes = 0;
            Publish([], _snapshot.Docs.Clear());
        }
    }

    /// <summary>
    /// Adds many documents (a workspace scan) straight into full blocks. Tokenising happens outside the write lock, so
    /// editor updates are not held up; a document already indexed is left alone unless <paramref name="replace"/> (an
    /// open document's text is newer than the disk's). Returns the number of documents added.
    /// </summary>
    public int AddDocuments(IEnumerable<(string Path, string Text)> documents, bool replace = false, CancellationToken cancellationToken = default)
    {
        var added = 0;
        var batch = new List<(string Path, SegmentLayout Layout, int[] Tokens)>();
        var batchTokens = 0;
        foreach (var (path, raw) in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((!replace && Snapshot.Contains(path)) || raw.Length > Options.MaxDocumentChars)
            {
                continue;
            }

            var text = SegmentedTokenizer.NormalizeNewlines(raw);
            var layout = SegmentLayout.Of(Segmenter, text);
            var tokens = Tokenize(text, layout, null, null);
            batch.Add((path, layout, tokens));
            batchTokens += tokens.Length;
            if (batchTokens >= Options.BlockTokens)
            {
                added += Insert(batch, replace);
                batch.Clear();
                batchTokens = 0;
            }
        }

        if (batch.Count > 0)
        {
            added += Insert(batch, replace);
        }

        return added;
    }

    private int Insert(List<(string Path, SegmentLayout Layout, int[] Tokens)> batch, bool replace)
    {
        lock (_writeLock)
        {
            var snapshot = _snapshot;
            var blocks = snapshot.Blocks.ToList();
            var docs = snapshot.Docs;
            var chosen = new List<(string Path, SegmentLayout Layout, int[] Tokens)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in batch)
            {
                if (!seen.Add(item.Path))
                {
                    continue;
                }

                if (docs.TryGetValue(item.Path, out var old))
                {
                    if (!replace) continue;
                    RemoveFrom(blocks, old);
                    _docBytes -= old.EstimatedBytes;
                    docs = docs.Remove(item.Path);
                }

                chosen.Add(item);
            }

            if (chosen.Count == 0)
            {
                return 0;
            }

            var block = NgramBlock.Build(chosen.Select(c => (c.Path, c.Tokens)).ToList(), Options.MaxOrder, _bitsPerToken, hot: false);
            blocks.Add(new BlockView(block, null, 0));
            var builder = docs.ToBuilder();
            for (var slot = 0; slot < chosen.Count; slot++)
            {
                var added = new NgramDocument(chosen[slot].Path, chosen[slot].Layout, ++_clock, block, slot);
                _docBytes += added.EstimatedBytes;
                builder[chosen[slot].Path] = added;
            }

            Commit(blocks, builder.ToImmutable(), keep: null);
            return chosen.Count;
        }
    }

    /// <summary>Tokens of the new text, reusing the old document's tokens for the unchanged leading and trailing segments.</summary>
    private int[] Tokenize(string text, SegmentLayout layout, NgramDocument? old, NgramSnapshot? snapshot)
    {
        var n = layout.Hashes.Length;
        var head = 0;
        var tail = 0;
        ReadOnlySpan<int> oldTokens = default;
        if (old is not null && snapshot is not null)
        {
            oldTokens = old.Block.DocumentTokens(old.Slot);
            var o = old.Layout;
            var max = Math.Min(n, o.Hashes.Length);
            while (head < max && o.Hashes[head] == layout.Hashes[head] && o.Chars[head] == layout.Chars[head]) head++;
            while (tail < max - head && o.Hashes[^(tail + 1)] == layout.Hashes[^(tail + 1)] && o.Chars[^(tail + 1)] == layout.Chars[^(tail + 1)]) tail++;
        }

        var result = new List<int>(old is null ? text.Length / 3 : oldTokens.Length + 16);
        if (head > 0)
        {
            var count = 0;
            for (var i = 0; i < head; i++) count += old!.Layout.TokenCounts[i];
            foreach (var t in oldTokens[..count]) result.Add(t);
        }

        var charAt = 0;
        for (var i = 0; i < head; i++) charAt += layout.Chars[i];
        for (var i = head; i < n - tail; i++)
        {
            var ids = Segmenter.Encode(text, charAt, layout.Chars[i]);
            layout.TokenCounts[i] = ids.Length;
            result.AddRange(ids);
            charAt += layout.Chars[i];
        }

        if (tail > 0)
        {
            var o = old!.Layout;
            var count = 0;
            for (var i = 0; i < tail; i++) count += o.TokenCounts[^(i + 1)];
            foreach (var t in oldTokens[^count..]) result.Add(t);
        }

        for (var i = 0; i < head; i++) layout.TokenCounts[i] = old!.Layout.TokenCounts[i];
        for (var i = 0; i < tail; i++) layout.TokenCounts[n - 1 - i] = old!.Layout.TokenCounts[^(i + 1)];
        SegmentsReused += head + tail;
        SegmentsTokenized += n - head - tail;
        return [.. result];
    }

    private static void RemoveFrom(List<BlockView> blocks, NgramDocument document)
    {
        var index = blocks.FindIndex(v => ReferenceEquals(v.Block, document.Block));
        if (index < 0)
        {
            return;
        }

        var view = blocks[index];
        if (view.Block.Paths.Length == 1)
        {
            blocks.RemoveAt(index);
            return;
        }

        var dead = view.Dead is null ? new bool[view.Block.Paths.Length] : (bool[])view.Dead.Clone();
        if (dead[document.Slot])
        {
            return;
        }

        dead[document.Slot] = true;
        var deadTokens = view.DeadTokens + view.Block.Lengths[document.Slot];
        if (dead.All(d => d))
        {
            blocks.RemoveAt(index);
            return;
        }

        blocks[index] = new BlockView(view.Block, dead, deadTokens);
    }

    /// <summary>Evicts over the caps, compacts, publishes. Caller holds the write lock.</summary>
    private void Commit(List<BlockView> blocks, ImmutableDictionary<string, NgramDocument> docs, string? keep)
    {
        var tokens = LiveTokens(blocks);
        if (docs.Count > Options.MaxDocuments || tokens > Options.MaxTokens)
        {
            var victims = docs.Values.Where(d => d.Path != keep).OrderBy(d => d.Stamp).ToList();
            var next = 0;
            while ((docs.Count > Options.MaxDocuments || tokens > Options.MaxTokens) && next < victims.Count)
            {
                var victim = victims[next++];
                RemoveFrom(blocks, victim);
                _docBytes -= victim.EstimatedBytes;
                docs = docs.Remove(victim.Path);
                tokens -= victim.TokenCount;
                Evictions++;
            }
        }

        docs = Compact(blocks, docs);
        Publish(blocks, docs);
    }

    /// <summary>
    /// Merges the older hot blocks (beyond <see cref="NgramIndexOptions.MaxHotDocuments"/>, keeping the newest half
    /// hot), rebuilds blocks that are at least half dead, and when it does either, takes small blocks along.
    /// </summary>
    private ImmutableDictionary<string, NgramDocument> Compact(List<BlockView> blocks, ImmutableDictionary<string, NgramDocument> docs)
    {
        var hot = blocks.Where(v => v.Block.Hot).ToList();
        var repack = new List<BlockView>();
        if (hot.Count > Options.MaxHotDocuments)
        {
            var stampOf = hot.ToDictionary(v => v, v => docs.TryGetValue(v.Block.Paths[0], out var d) ? d.Stamp : 0);
            repack.AddRange(hot.OrderBy(v => stampOf[v]).Take(hot.Count - (Options.MaxHotDocuments / 2)));
        }

        repack.AddRange(blocks.Where(v => !v.Block.Hot && v.DeadTokens * 2 >= Math.Max(1, v.Block.TokenCount)));
        if (repack.Count == 0)
        {
            return docs;
        }

        repack.AddRange(blocks.Where(v => !v.Block.Hot && !repack.Contains(v) && v.Block.TokenCount - v.DeadTokens < Options.BlockTokens / 4));
        var live = new List<(string Path, int[] Tokens)>();
        foreach (var view in repack)
        {
            blocks.Remove(view);
            for (var slot = 0; slot < view.Block.Paths.Length; slot++)
            {
                if (view.Dead?[slot] == true) continue;
                var path = view.Block.Paths[slot];
                if (docs.TryGetValue(path, out var doc) && ReferenceEquals(doc.Block, view.Block) && doc.Slot == slot)
                {
                    live.Add((path, view.Block.DocumentTokens(slot).ToArray()));
                }
            }
        }

        live.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var builder = docs.ToBuilder();
        var group = new List<(string Path, int[] Tokens)>();
        var groupTokens = 0;
        void Flush()
        {
            if (group.Count == 0) return;
            var block = NgramBlock.Build(group.ToList(), Options.MaxOrder, _bitsPerToken, hot: false);
            blocks.Add(new BlockView(block, null, 0));
            for (var slot = 0; slot < group.Count; slot++)
            {
                builder[group[slot].Path] = builder[group[slot].Path] with { Block = block, Slot = slot };
            }

            group.Clear();
            groupTokens = 0;
        }

        foreach (var item in live)
        {
            if (groupTokens > 0 && groupTokens + item.Tokens.Length > Options.BlockTokens)
            {
                Flush();
            }

            group.Add(item);
            groupTokens += item.Tokens.Length;
        }

        Flush();
        return builder.ToImmutable();
    }

    private static long LiveTokens(IEnumerable<BlockView> blocks) => blocks.Sum(v => (long)v.Block.TokenCount - v.DeadTokens);

    private void Publish(IReadOnlyList<BlockView> blocks, ImmutableDictionary<string, NgramDocument> docs)
    {
        var tokens = LiveTokens(blocks);
        var bytes = 256L + _docBytes;
        foreach (var view in blocks)
        {
            bytes += view.Block.EstimatedBytes + (view.Dead?.Length ?? 0);
        }

        Volatile.Write(ref _snapshot, new NgramSnapshot(Segmenter.Tokenizer, Options.MaxOrder, [.. blocks], docs, tokens, bytes));
    }
}

/// <summary>A block and which of its documents are dead (replaced or removed since it was built).</summary>
internal sealed record BlockView(NgramBlock Block, bool[]? Dead, int DeadTokens)
{
    public bool IsDead(int position) => Dead is not null && Dead[Block.SlotOf(position)];
}

/// <summary>Where a document's tokens are and what its segments were.</summary>
internal sealed record NgramDocument(string Path, SegmentLayout Layout, long Stamp, NgramBlock Block, int Slot)
{
    public int Start => Block.Starts[Slot];

    public int TokenCount => Block.Lengths[Slot];

    public long EstimatedBytes => 96 + (Path.Length * 2L) + Layout.EstimatedBytes;
}

/// <summary>A document's segments: hash, length in characters and number of tokens of each.</summary>
internal sealed class SegmentLayout(ulong[] hashes, int[] chars, int[] tokenCounts)
{
    public ulong[] Hashes { get; } = hashes;

    public int[] Chars { get; } = chars;

    public int[] TokenCounts { get; } = tokenCounts;

    public long EstimatedBytes => 72 + (Hashes.Length * 16L);

    public static SegmentLayout Of(SegmentedTokenizer segmenter, string text)
    {
        var segments = segmenter.Split(text);
        var hashes = new ulong[segments.Count];
        var chars = new int[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            hashes[i] = SegmentedTokenizer.Hash(text.AsSpan(segments[i].Start, segments[i].Length));
            chars[i] = segments[i].Length;
        }

        return new SegmentLayout(hashes, chars, new int[segments.Count]);
    }

    public bool SameAs(SegmentLayout other) => Hashes.AsSpan().SequenceEqual(other.Hashes) && Chars.AsSpan().SequenceEqual(other.Chars);
}
