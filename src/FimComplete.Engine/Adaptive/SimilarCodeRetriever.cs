using System.Buffers;
using System.Text;

namespace FimComplete.Engine.Adaptive;

/// <summary>How retrieved chunks are written into the prompt.</summary>
public enum RetrievalStyle
{
    /// <summary>Every line as a C# line comment under <c>// Compare this snippet from path:</c> (Copilot's form): the
    /// file being completed still parses as it did.</summary>
    Comment,

    /// <summary>The lines as code under a <c>// file: path</c> header.</summary>
    Code,
}

/// <summary>Shape and limits of a <see cref="SimilarCodeRetriever"/>.</summary>
public sealed record RetrievalOptions
{
    /// <summary>Lines per window.</summary>
    public int WindowLines { get; init; } = 16;

    /// <summary>Lines between window starts (half a window: every line is in two windows).</summary>
    public int Stride { get; init; } = 8;

    /// <summary>Lines before the cursor (the cursor's line included, up to the cursor) that make the query.</summary>
    public int QueryLines { get; init; } = 10;

    /// <summary>At most this many chunks are returned.</summary>
    public int TopK { get; init; } = 3;

    /// <summary>Chunks less similar than this (token Jaccard) are not returned. 0.35: on the tune projects it cost less
    /// than 0.2 (−0.007 against −0.012 all ES, both below no retrieval; docs/evaluation.md "Gates").</summary>
    public double MinScore { get; init; } = 0.35;

    /// <summary>Windows of the cursor's own document within this many lines before / after the cursor's line are
    /// skipped (that code is in the prompt window already).</summary>
    public int OwnLinesBefore { get; init; } = 48;

    public int OwnLinesAfter { get; init; } = 24;

    /// <summary>Cap on indexed documents; beyond it the least recently updated are evicted.</summary>
    public int MaxDocuments { get; init; } = 10_000;

    /// <summary>Cap on the characters of all indexed documents (same eviction).</summary>
    public long MaxChars { get; init; } = 32_000_000;

    public int MaxDocumentChars { get; init; } = 1_000_000;
}

/// <summary>A retrieved piece of another place in the workspace: lines [StartLine, EndLine) of Path.</summary>
public sealed record RetrievedChunk(string Path, int StartLine, int EndLine, string Text, double Score);

/// <summary>
/// Finds code in the workspace that looks like the code before the cursor, as Copilot's "similar files" and
/// llama.vscode's ring buffer do: every document is cut into windows of <see cref="RetrievalOptions.WindowLines"/> lines
/// (stride <see cref="RetrievalOptions.Stride"/>), each reduced to its set of identifier/keyword words; a query (the
/// words of the last <see cref="RetrievalOptions.QueryLines"/> lines) scores windows by Jaccard similarity
/// |Q ∩ W| / |Q ∪ W| through an inverted index (word → windows), so only windows sharing a word are touched.
/// Windows of the cursor's own document near the cursor are skipped; overlapping windows are not both returned.
/// <para>Threading: a reader-writer lock; queries run concurrently, updates one at a time (words are computed outside
/// the lock). Replaced windows are tombstoned and the postings rebuilt when half are dead.</para>
/// </summary>
public sealed class SimilarCodeRetriever
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, Doc> _docs = new(StringComparer.Ordinal);
    private readonly List<Window?> _windows = [];
    private readonly Dictionary<int, List<int>> _postings = [];
    private int _dead;
    private long _chars;
    private long _clock;

    public SimilarCodeRetriever(RetrievalOptions? options = null)
    {
        Options = options ?? new RetrievalOptions();
        if (Options.WindowLines < 1 || Options.Stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "WindowLines and Stride must be positive.");
        }
    }

    public RetrievalOptions Options { get; }

    public int Evictions { get; private set; }

    public int Documents => Read(() => _docs.Count);

    public int Windows => Read(() => _windows.Count - _dead);

    /// <summary>Estimate of the memory held: document lines, window word sets, postings.</summary>
    public long EstimatedBytes => Read(() =>
    {
        var bytes = 256L + (_chars * 2) + (_docs.Count * 120L);
        foreach (var w in _windows)
        {
            if (w is not null) bytes += 48 + (w.Words.Length * 4L);
        }

        foreach (var list in _postings.Values) bytes += 40 + (list.Capacity * 4L);
        return bytes;
    });

    public bool Contains(string path) => Read(() => _docs.ContainsKey(path));

    /// <summary>Sets a document's text (CRLF read as LF); its old windows are dropped.</summary>
    public bool Update(string path, string text)
    {
        text = SegmentedTokenizer.NormalizeNewlines(text);
        if (text.Length > Options.MaxDocumentChars)
        {
            Remove(path);
            return false;
        }

        var lines = text.Split('\n');
        var windows = MakeWindows(lines);
        _lock.EnterWriteLock();
        try
        {
            if (_docs.TryGetValue(path, out var old))
            {
                if (old.Length == text.Length && old.Hash == SegmentedTokenizer.Hash(text))
                {
                    old.Stamp = ++_clock;
                    return true;
                }

                Drop(old);
            }

            Add(path, text, lines, windows);
            Evict(keep: path);
            MaybeCompact();
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Adds documents (a workspace scan); ones already present are left alone unless <paramref name="replace"/>.</summary>
    public int AddDocuments(IEnumerable<(string Path, string Text)> documents, bool replace = false, CancellationToken cancellationToken = default)
    {
        var added = 0;
        foreach (var (path, raw) in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((!replace && Contains(path)) || raw.Length > Options.MaxDocumentChars)
            {
                continue;
            }

            Update(path, raw);
            added++;
        }

        return added;
    }

    public bool Remove(string path)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_docs.TryGetValue(path, out var old))
            {
                return false;
            }

            Drop(old);
            MaybeCompact();
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The windows most similar to the <see cref="RetrievalOptions.QueryLines"/> lines before <paramref name="cursor"/>
    /// in <paramref name="text"/> (the document at <paramref name="path"/>), best first.
    /// </summary>
    public IReadOnlyList<RetrievedChunk> Query(string path, string text, int cursor, double? minScore = null)
    {
        text = SegmentedTokenizer.NormalizeNewlines(text);
        cursor = Math.Clamp(cursor, 0, text.Length);
        var cursorLine = 0;
        for (var i = text.IndexOf('\n'); i >= 0 && i < cursor; i = text.IndexOf('\n', i + 1)) cursorLine++;
        var start = cursor;
        for (var n = 0; n < Options.QueryLines && start > 0; n++)
        {
            var newline = text.LastIndexOf('\n', start - 1);
            start = newline < 0 ? 0 : newline;
            if (newline < 0) break;
        }

        var query = Words(text.AsSpan(start, cursor - start));
        return Query(query, path, cursorLine - Options.OwnLinesBefore, cursorLine + Options.OwnLinesAfter, minScore);
    }

    /// <summary>The windows most similar to a word set; windows of <paramref name="ownPath"/> overlapping lines
    /// [<paramref name="ownFrom"/>, <paramref name="ownTo"/>] are skipped.</summary>
    internal IReadOnlyList<RetrievedChunk> Query(int[] query, string? ownPath, int ownFrom, int ownTo, double? minScore = null)
    {
        var floor = minScore ?? Options.MinScore;
        if (query.Length == 0)
        {
            return [];
        }

        _lock.EnterReadLock();
        try
        {
            var overlap = ArrayPool<int>.Shared.Rent(Math.Max(1, _windows.Count));
            Array.Clear(overlap, 0, _windows.Count);
            var touched = new List<int>();
            try
            {
                foreach (var word in query)
                {
                    if (!_postings.TryGetValue(word, out var list)) continue;
                    foreach (var id in list)
                    {
                        if (_windows[id] is null) continue;
                        if (overlap[id]++ == 0) touched.Add(id);
                    }
                }

                var scored = new List<(int Id, double Score)>(touched.Count);
                foreach (var id in touched)
                {
                    var window = _windows[id]!;
                    var inter = overlap[id];
                    var score = (double)inter / (query.Length + window.Words.Length - inter);
                    if (score < floor) continue;
                    if (ownPath is not null && window.Doc.Path == ownPath && window.StartLine <= ownTo && window.EndLine > ownFrom) continue;
                    scored.Add((id, score));
                }

                scored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
                var picked = new List<RetrievedChunk>();
                foreach (var (id, score) in scored)
                {
                    var window = _windows[id]!;
                    if (picked.Any(p => p.Path == window.Doc.Path && p.StartLine < window.EndLine && window.StartLine < p.EndLine)) continue;
                    var chunk = string.Join('\n', window.Doc.Lines.Skip(window.StartLine).Take(window.EndLine - window.StartLine));
                    picked.Add(new RetrievedChunk(window.Doc.Path, window.StartLine, window.EndLine, chunk, score));
                    if (picked.Count >= Options.TopK) break;
                }

                return picked;
            }
            finally
            {
                foreach (var id in touched) overlap[id] = 0;
                ArrayPool<int>.Shared.Return(overlap);
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The chunks as a prompt block within <paramref name="tokenBudget"/> tokens (per <paramref name="cost"/>): the best
    /// chunk last, nearest the code being completed; a chunk that does not fit is cut to its first lines (at least
    /// three) or left out. Empty when nothing fits.
    /// </summary>
    public static string Render(IReadOnlyList<RetrievedChunk> chunks, int tokenBudget, Func<string, int> cost, Func<string, string>? displayPath = null, RetrievalStyle style = RetrievalStyle.Comment)
    {
        var parts = new List<string>();
        var used = 0;
        foreach (var chunk in chunks.OrderByDescending(c => c.Score))
        {
            var path = (displayPath?.Invoke(chunk.Path) ?? Path.GetFileName(chunk.Path)).Replace('\n', ' ');
            var lines = chunk.Text.Split('\n').ToList();
            while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1])) lines.RemoveAt(lines.Count - 1);
            while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[0])) lines.RemoveAt(0);
            while (lines.Count >= 3)
            {
                var text = Format(path, lines, style);
                var c = cost(text);
                if (used + c <= tokenBudget)
                {
                    parts.Add(text);
                    used += c;
                    break;
                }

                lines.RemoveAt(lines.Count - 1);
            }
        }

        parts.Reverse();
        return string.Concat(parts);
    }

    private static string Format(string path, List<string> lines, RetrievalStyle style)
    {
        var sb = new StringBuilder();
        if (style == RetrievalStyle.Comment)
        {
            sb.Append("// Compare this snippet from ").Append(path).Append(":\n");
            foreach (var line in lines) sb.Append("// ").Append(line).Append('\n');
        }
        else
        {
            sb.Append("// file: ").Append(path).Append('\n');
            foreach (var line in lines) sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The distinct words (identifiers, keywords, numbers) of a text as sorted hashes.</summary>
    internal static int[] Words(ReadOnlySpan<char> text)
    {
        var set = new HashSet<int>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                set.Add(string.GetHashCode(text[start..i], StringComparison.Ordinal));
            }
            else
            {
                i++;
            }
        }

        var words = set.ToArray();
        Array.Sort(words);
        return words;
    }

    private List<(int Start, int End, int[] Words)> MakeWindows(string[] lines)
    {
        var result = new List<(int, int, int[])>();
        var count = lines.Length;
        if (count > 0 && lines[^1].Length == 0) count--;
        for (var start = 0; start < count; start += Options.Stride)
        {
            var end = Math.Min(count, start + Options.WindowLines);
            var sb = new StringBuilder();
            for (var l = start; l < end; l++) sb.Append(lines[l]).Append('\n');
            var words = Words(sb.ToString());
            if (words.Length > 0) result.Add((start, end, words));
            if (end == count) break;
        }

        return result;
    }

    private void Add(string path, string text, string[] lines, List<(int Start, int End, int[] Words)> windows)
    {
        var doc = new Doc(path, text.Length, SegmentedTokenizer.Hash(text), lines) { Stamp = ++_clock };
        foreach (var (start, end, words) in windows)
        {
            var id = _windows.Count;
            _windows.Add(new Window(doc, start, end, words));
            doc.WindowIds.Add(id);
            foreach (var word in words)
            {
                if (!_postings.TryGetValue(word, out var list))
                {
                    _postings[word] = list = [];
                }

                list.Add(id);
            }
        }

        _docs[path] = doc;
        _chars += text.Length;
    }

    private void Drop(Doc doc)
    {
        foreach (var id in doc.WindowIds)
        {
            _windows[id] = null;
            _dead++;
        }

        _docs.Remove(doc.Path);
        _chars -= doc.Length;
    }

    private void Evict(string? keep)
    {
        if (_docs.Count <= Options.MaxDocuments && _chars <= Options.MaxChars)
        {
            return;
        }

        foreach (var victim in _docs.Values.Where(d => d.Path != keep).OrderBy(d => d.Stamp).ToList())
        {
            if (_docs.Count <= Options.MaxDocuments && _chars <= Options.MaxChars) break;
            Drop(victim);
            Evictions++;
        }
    }

    private void MaybeCompact()
    {
        if (_dead < 1024 || _dead * 2 < _windows.Count)
        {
            return;
        }

        var live = _windows.Where(w => w is not null).Select(w => w!).ToList();
        _windows.Clear();
        _postings.Clear();
        _dead = 0;
        foreach (var doc in _docs.Values) doc.WindowIds.Clear();
        foreach (var window in live)
        {
            var id = _windows.Count;
            _windows.Add(window);
            window.Doc.WindowIds.Add(id);
            foreach (var word in window.Words)
            {
                if (!_postings.TryGetValue(word, out var list))
                {
                    _postings[word] = list = [];
                }

                list.Add(id);
            }
        }
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private sealed class Doc(string path, int length, ulong hash, string[] lines)
    {
        public string Path { get; } = path;
        public int Length { get; } = length;
        public ulong Hash { get; } = hash;
        public string[] Lines { get; } = lines;
        public List<int> WindowIds { get; } = [];
        public long Stamp { get; set; }
    }

    private sealed record Window(Doc Doc, int StartLine, int EndLine, int[] Words);
}
