using System.Collections.Concurrent;
using FimComplete.Engine.Api;
using FimComplete.Engine.Workspace;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Engine.Adaptive;

/// <summary>Which workspace-adaptive parts run, and their settings.</summary>
public sealed record AdaptiveOptions
{
    /// <summary>Keep the n-gram index (needed by the cache LM).</summary>
    public bool UseCacheLm { get; init; } = true;

    /// <summary>Keep the window index (needed by retrieval).</summary>
    public bool UseRetrieval { get; init; } = true;

    public NgramIndexOptions Index { get; init; } = new();

    public CacheLmOptions CacheLm { get; init; } = new();

    public RetrievalOptions Retrieval { get; init; } = new();

    public RetrievalStyle RetrievalStyle { get; init; } = RetrievalStyle.Comment;
}

/// <summary>
/// The workspace-adaptive parts behind one object: the n-gram index for the cache LM and the window index for
/// retrieval, both fed the same documents (a folder scan, then the editor's open/change events). Each part is
/// optional (<see cref="AdaptiveOptions"/>) and each request may use either or neither. Closing a document brings back
/// the file on disk when it is one the folder scan indexes, and drops it otherwise, so an unsaved buffer is not kept
/// after its editor closed. Paths are made absolute.
/// <para>
/// Editor updates are deferred: <see cref="DocumentOpened"/> and <see cref="DocumentChanged"/> only remember the latest
/// text per document, and the next read (a request's cache LM or retrieval, <see cref="Contains"/>,
/// <see cref="DocumentCount"/>) indexes each remembered document once. Typing costs one index update per completion
/// request instead of one per keystroke, and a document opened and closed again in between is never tokenised.
/// </para>
/// </summary>
public sealed class WorkspaceAdaptation : IDocumentSink
{
    private IReadOnlyList<string> _folders = [];
    private WorkspaceLimits _limits = new();
    private readonly ConcurrentDictionary<string, string> _pending = new(StringComparer.Ordinal);
    private readonly object _pendingGate = new();
    private readonly IWorkspaceFileSystem _files;

    /// <param name="files">Where the folders' files are read (null: the disk).</param>
    public WorkspaceAdaptation(HfTokenizer tokenizer, AdaptiveOptions? options = null, IWorkspaceFileSystem? files = null)
    {
        _files = files ?? DiskFileSystem.Instance;
        Options = options ?? new AdaptiveOptions();
        Ngrams = Options.UseCacheLm ? new WorkspaceNgramIndex(tokenizer, Options.Index) : null;
        Retriever = Options.UseRetrieval ? new SimilarCodeRetriever(Options.Retrieval) : null;
    }

    public AdaptiveOptions Options { get; }

    /// <summary>The n-gram index (null when the cache LM is off).</summary>
    public WorkspaceNgramIndex? Ngrams { get; }

    /// <summary>The window index (null when retrieval is off).</summary>
    public SimilarCodeRetriever? Retriever { get; }

    /// <summary>How well the workspace's n-grams predict its own held-out lines, measured after the last folder scan
    /// (<see cref="CacheLmCalibration.Unmeasured"/> before one, or when the cache LM is off).</summary>
    public CacheLmCalibration Calibration => Volatile.Read(ref _calibration);

    private CacheLmCalibration _calibration = CacheLmCalibration.Unmeasured;

    /// <summary>Measures <see cref="Calibration"/> on the index as it is now (done after each folder scan).</summary>
    public CacheLmCalibration Calibrate(CancellationToken cancellationToken = default)
    {
        if (Ngrams is null)
        {
            return CacheLmCalibration.Unmeasured;
        }

        FlushPending();
        var calibration = CacheLmCalibration.Measure(Ngrams, Options.CacheLm, cancellationToken);
        Volatile.Write(ref _calibration, calibration);
        return calibration;
    }

    /// <summary>Estimate of the memory both indexes hold.</summary>
    public long EstimatedBytes => (Ngrams?.Snapshot.EstimatedBytes ?? 0) + (Retriever?.EstimatedBytes ?? 0);

    /// <summary>Sets a document's text in both indexes (cheap when unchanged; only changed lines are re-tokenised).</summary>
    public void Update(string path, string text)
    {
        path = Normalize(path);
        _pending.TryRemove(path, out _); // this text is newer than a deferred editor update
        Apply(path, text);
    }

    private void Apply(string path, string text)
    {
        Ngrams?.Update(path, text);
        Retriever?.Update(path, text);
    }

    public void Remove(string path)
    {
        path = Normalize(path);
        Ngrams?.Remove(path);
        Retriever?.Remove(path);
    }

    public void DocumentOpened(string path, string text) => _pending[Normalize(path)] = text;

    public void DocumentChanged(string path, string text) => _pending[Normalize(path)] = text;

    /// <summary>Editor updates not indexed yet (see the class remarks).</summary>
    public int PendingDocuments => _pending.Count;

    /// <summary>Indexes the editor's deferred updates (each document's latest text, once).</summary>
    public void FlushPending()
    {
        if (_pending.IsEmpty)
        {
            return;
        }

        // Under the gate: a document closed meanwhile must not come back with the text it had before closing.
        lock (_pendingGate)
        {
            foreach (var path in _pending.Keys)
            {
                if (_pending.TryRemove(path, out var text))
                {
                    Apply(path, text);
                }
            }
        }
    }

    /// <summary>The document's text goes back to the file on disk when the folder scan would index it (under an indexed
    /// folder, not in bin/obj/hidden folders, a text file within the size limit); otherwise it leaves both indexes.</summary>
    public void DocumentClosed(string path)
    {
        path = Normalize(path);
        lock (_pendingGate)
        {
            _pending.TryRemove(path, out _);
            RevertOrDrop(path);
        }
    }

    private void RevertOrDrop(string path)
    {
        var folders = Volatile.Read(ref _folders);
        var indexed = folders.Any(f => IsUnder(f, path) && !_files.LinksOutside(f, path)) && !folders.Any(f => WorkspaceScanner.IsUnderSkippedDirectory(f, path))
            && path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);
        if (indexed && _files.TryReadSource(path, Volatile.Read(ref _limits), out _) is { } disk)
        {
            Update(path, disk);
        }
        else
        {
            Remove(path);
        }
    }

    /// <summary>Documents in the indexes (the larger of the two counts; memory diagnostics and tests).</summary>
    public int DocumentCount
    {
        get
        {
            FlushPending();
            return Math.Max(Ngrams?.Snapshot.Documents ?? 0, Retriever?.Documents ?? 0);
        }
    }

    /// <summary>True when either index holds the path.</summary>
    public bool Contains(string path)
    {
        FlushPending();
        path = Normalize(path);
        return (Ngrams?.Contains(path) ?? false) || (Retriever?.Contains(path) ?? false);
    }

    /// <summary>
    /// Indexes the .cs files under the folders (bin/obj/hidden skipped, within <paramref name="limits"/>) on a background
    /// thread. Documents already indexed (opened in the editor) are left as they are. Returns the number added.
    /// </summary>
    public Task<int> IndexFoldersAsync(IReadOnlyList<string> folders, WorkspaceLimits? limits = null, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            limits ??= new WorkspaceLimits();
            var existing = folders.Where(_files.DirectoryExists).Select(Normalize).ToList();
            Volatile.Write(ref _limits, limits);
            Volatile.Write(ref _folders, existing);
            var files = existing
                .SelectMany(f => _files.ScanSourceFiles(f, limits, cancellationToken).Files)
                .Select(Normalize)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var added = AddDocuments(files.Select(f => (f, _files.TryReadSource(f, limits, out _))).Where(d => d.Item2 is not null).Select(d => (d.f, d.Item2!)), cancellationToken);
            Calibrate(cancellationToken);
            return added;
        }, cancellationToken);

    /// <summary>Adds documents to both indexes, leaving ones already indexed alone.</summary>
    public int AddDocuments(IEnumerable<(string Path, string Text)> documents, CancellationToken cancellationToken = default)
    {
        var list = documents.Select(d => (Normalize(d.Path), d.Text)).ToList();
        var added = 0;
        if (Ngrams is not null) added = Ngrams.AddDocuments(list, replace: false, cancellationToken);
        if (Retriever is not null) added = Math.Max(added, Retriever.AddDocuments(list, replace: false, cancellationToken));
        return added;
    }

    /// <summary>
    /// The cache LM for a request, or null when it is off. <paramref name="text"/> is the document's LF text and
    /// <paramref name="prefixEnd"/> where the prompt's prefix ends in it; the document is brought up to date in the index
    /// first, so the cursor's own n-grams can be excluded exactly.
    /// </summary>
    public CacheLmLogitsProcessor? CreateCacheLm(string path, string text, int prefixEnd, CacheLmOptions? options = null)
    {
        if (Ngrams is null)
        {
            return null;
        }

        FlushPending();
        path = Normalize(path);
        Ngrams.Update(path, text);
        options ??= Options.CacheLm;
        return CacheLmLogitsProcessor.Create(Ngrams, path, text, prefixEnd, options, Calibration.WeightFor(options));
    }

    /// <summary>The chunks similar to the code before the cursor (the document is brought up to date first).</summary>
    /// <param name="minScore">The similarity floor (null: <see cref="RetrievalOptions.MinScore"/>).</param>
    public IReadOnlyList<RetrievedChunk> Retrieve(string path, string text, int cursor, double? minScore = null)
    {
        if (Retriever is null)
        {
            return [];
        }

        FlushPending();
        path = Normalize(path);
        Retriever.Update(path, text);
        return Retriever.Query(path, text, cursor, minScore);
    }

    /// <summary>Retrieved chunks rendered as a prompt block of at most <paramref name="tokenBudget"/> tokens ("" when none).</summary>
    public string RetrieveContext(string path, string text, int cursor, int tokenBudget, Func<string, int> cost, Func<string, string>? displayPath = null, double? minScore = null)
    {
        if (Retriever is null || tokenBudget <= 0)
        {
            return string.Empty;
        }

        return SimilarCodeRetriever.Render(Retrieve(path, text, cursor, minScore), tokenBudget, cost, displayPath, Options.RetrievalStyle);
    }

    private static string Normalize(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }

    private static bool IsUnder(string folder, string path) =>
        path.Length > folder.Length && path.StartsWith(folder, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
        && (path[folder.Length] == Path.DirectorySeparatorChar || path[folder.Length] == Path.AltDirectorySeparatorChar);
}
