using System.Text;
using FimComplete.Engine.Analysis;
using FimComplete.Engine.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// The Roslyn view of the user's code. For the workspace folders it first builds ad-hoc projects of their .cs files
/// (<see cref="AdHocProjects"/>), then, for a trusted workspace, loads the folders' solution or projects with MSBuild
/// in the background (<see cref="IProjectLoader"/>); a project MSBuild cannot load keeps its files in the ad-hoc
/// projects. Open documents override the files (<see cref="OpenDocumentOverlay"/>), files changed on disk are picked
/// up (<see cref="FileChangeQueue"/>), and projects are compiled in the background (<see cref="WorkspaceWarmUp"/>).
/// This class only coordinates them: it holds the current immutable <see cref="Solution"/> snapshot and the load
/// generation. The folders are read through an <see cref="IWorkspaceFileSystem"/> (the disk unless a test gives an
/// in-memory one); nothing is ever written to them.
/// </summary>
public sealed class CodeWorkspace : ICodeWorkspace
{
    private static readonly StringComparer PathComparer = WorkspacePaths.Comparer;

    private readonly object _gate = new();
    private readonly TextWriter _log;
    private readonly CodeWorkspaceOptions _options;
    private readonly IWorkspaceFileSystem _files;
    private readonly IProjectLoader _projectLoader;
    private readonly AdhocWorkspace _adhoc = new();
    private readonly AdHocProjects _adHocProjects;
    private readonly DocumentPlacement _placement;
    private readonly OpenDocumentOverlay _open;
    private readonly FileChangeQueue _fileChanges;
    private readonly WorkspaceWarmUp _warmUp;
    private readonly DocumentOnlyAnalysis _documentOnly;
    private string? _refreshPath;
    private LoadedProjects? _loadedProjects;
    private Solution _solution;
    private IReadOnlyList<string> _folders = [];
    private CancellationTokenSource _loadCancellation = new();
    private Task _loaded = Task.CompletedTask;
    private int _generation;
    private WorkspaceStatus _status = new(WorkspaceLoadState.Empty, "No workspace folders.", 0, 0, false);
    private IReadOnlyList<SourceScan> _scans = [];
    private bool _trusted;
    private bool _disposed;

    /// <summary>A workspace over the disk: folders read from it, changes from file watchers, projects loaded by MSBuild.</summary>
    public CodeWorkspace(TextWriter log, CodeWorkspaceOptions? options = null)
        : this(log, options, DiskFileSystem.Instance, FileSystemWatcherSource.Instance)
    {
    }

    /// <summary>A workspace over the given files and change source; <paramref name="projectLoader"/> null: MSBuild
    /// (used only once the workspace is trusted).</summary>
    public CodeWorkspace(TextWriter log, CodeWorkspaceOptions? options, IWorkspaceFileSystem files, IFileChangeSource fileChanges, IProjectLoader? projectLoader = null)
    {
        _log = log;
        _options = options ?? new CodeWorkspaceOptions();
        _files = files;
        _trusted = _options.UseMSBuild;
        _adHocProjects = new AdHocProjects(files, _options.Limits);
        _projectLoader = projectLoader ?? new MSBuildProjectLoader(_options, files, _adHocProjects, Log);
        _placement = new DocumentPlacement(_adHocProjects);
        _open = new OpenDocumentOverlay(PathComparer, _placement);
        _documentOnly = new DocumentOnlyAnalysis(PathComparer, Log);
        _solution = _adhoc.CurrentSolution;
        _fileChanges = new FileChangeQueue(fileChanges, ProcessFileEvents, Log);
        _warmUp = new WorkspaceWarmUp(Semantics, RefreshTarget, AfterRefresh, () => SemanticRefreshDelay, Log);
    }

    /// <summary>Warm semantic models of the documents being edited (see <see cref="SemanticModelCache"/>).</summary>
    public SemanticModelCache Semantics { get; } = new();

    /// <summary>How long after the last edit of an open document its warm semantic model is rebuilt in the background.</summary>
    public TimeSpan SemanticRefreshDelay { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>The current snapshot (immutable; fork it freely).</summary>
    public Solution CurrentSolution
    {
        get
        {
            lock (_gate) return _solution;
        }
    }

    public IReadOnlyList<string> Folders
    {
        get
        {
            lock (_gate) return _folders;
        }
    }

    public WorkspaceStatus Status => Volatile.Read(ref _status);

    /// <summary>The last scan of each workspace folder: the files taken, and what was left out (limit, binary, size).</summary>
    public IReadOnlyList<SourceScan> LastScans => Volatile.Read(ref _scans);

    /// <summary>Number of documents the editor has open here (memory diagnostics and tests).</summary>
    public int OpenDocumentCount
    {
        get
        {
            lock (_gate) return _open.Count;
        }
    }

    public event Action<WorkspaceStatus>? StatusChanged;

    /// <summary>Completes when the current folders have been loaded (MSBuild included, successful or not).</summary>
    public Task WhenLoaded
    {
        get
        {
            lock (_gate) return _loaded;
        }
    }

    /// <summary>Sets the workspace root folders and (re)loads them in the background. Open documents stay open.</summary>
    public void SetFolders(IReadOnlyList<string> folders) => Load(folders, reload: false);

    /// <summary>Loads the same folders again (a project or solution file changed); the current projects keep answering
    /// until the new ones are loaded.</summary>
    public void Reload() => Load(Folders, reload: true);

    /// <summary>Whether the folders' projects are loaded with MSBuild (see <see cref="CodeWorkspaceOptions.UseMSBuild"/>).</summary>
    public bool IsTrusted
    {
        get
        {
            lock (_gate) return _trusted;
        }
    }

    /// <summary>
    /// The user trusts the workspace: from now on its projects load with MSBuild. Folders already set are loaded again
    /// (the ad-hoc projects keep answering until MSBuild is done). Trust is never taken back: a client that withdraws
    /// it starts a new server.
    /// </summary>
    public void TrustWorkspace()
    {
        bool reload;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_trusted)
            {
                return;
            }

            _trusted = true;
            reload = _folders.Count > 0;
        }

        Log("The workspace is trusted: loading its projects with MSBuild.");
        if (reload)
        {
            Reload();
        }
    }

    private void Load(IReadOnlyList<string> folders, bool reload)
    {
        var normalized = folders.Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)))
            .Where(_files.DirectoryExists)
            .Distinct(PathComparer)
            .ToList();
        int generation;
        CancellationToken token;
        bool trusted;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            trusted = _trusted;
            _loadCancellation.Cancel();
            _loadCancellation.Dispose();
            _loadCancellation = new CancellationTokenSource();
            token = _loadCancellation.Token;
            generation = ++_generation;
            _folders = normalized;
            _fileChanges.Stop();
        }

        if (normalized.Count == 0)
        {
            Publish(generation, _adhoc.CurrentSolution, new Dictionary<ProjectId, string>(), WorkspaceLoadState.Empty, "No workspace folders.", loading: false);
            lock (_gate) _loaded = Task.CompletedTask;
            return;
        }

        var keepProjects = reload && Status.State == WorkspaceLoadState.Projects;
        var task = Task.Run(() => LoadAsync(normalized, generation, keepProjects, trusted, token), CancellationToken.None);
        lock (_gate)
        {
            if (generation == _generation)
            {
                _loaded = task;
            }
        }

        if (_options.WatchFiles)
        {
            _fileChanges.Start(normalized);
        }
    }

    /// <summary>
    /// The document to analyse for a completion: the workspace's document at <paramref name="path"/> with
    /// <paramref name="text"/> as its text (the snapshot's own document when the texts are equal, so its compilation
    /// stays cached; otherwise an incremental fork). A file unknown to the workspace is added, in a fork, to the project
    /// whose folder holds it, or to a miscellaneous project with the runtime's references.
    /// </summary>
    public Document GetAnalysisDocument(string path, string text)
    {
        var fullPath = WorkspacePaths.FullPath(path);
        Solution solution;
        SourceText? openText;
        lock (_gate)
        {
            solution = _solution;
            _open.TryGet(fullPath, out openText);
        }

        var ids = solution.GetDocumentIdsWithFilePath(fullPath);
        if (!ids.IsEmpty)
        {
            var document = solution.GetDocument(WorkspaceDocuments.Pick(solution, ids))!;
            if (_options.DocumentOnlyUntilCompiled && !_documentOnly.IsReady(document.Project, document.Id, Semantics))
            {
                _documentOnly.CompileInBackground(document.Project);
                return _documentOnly.Get(document.Project, fullPath, text);
            }

            if (document.TryGetText(out var current))
            {
                return WorkspaceDocuments.SameText(current, text) ? document : document.WithText(TextDiff.Apply(current, text));
            }

            return document.WithText(openText is null ? SourceText.From(text) : TextDiff.Apply(openText, text));
        }

        lock (_gate)
        {
            solution = _placement.AddDocument(solution, fullPath, SourceText.From(text), out var id);
            return solution.GetDocument(id)!;
        }
    }

    public void DocumentOpened(string path, string text) => SetOpenText(path, text);

    public void DocumentChanged(string path, string text) => SetOpenText(path, text);

    public void DocumentClosed(string path)
    {
        var fullPath = WorkspacePaths.FullPath(path);
        Solution solution;
        List<ProjectId> projects;
        lock (_gate)
        {
            if (!_open.Close(fullPath))
            {
                return;
            }

            if (_documentOnly.Forget(fullPath) is { } copy)
            {
                Semantics.Forget([copy]);
            }

            if (PathComparer.Equals(_refreshPath, fullPath))
            {
                _refreshPath = null;
            }

            // Warm semantic models taken while the document was open hold its text (their solution snapshots).
            Semantics.ForgetSnapshotsHolding(fullPath);
            var ids = _solution.GetDocumentIdsWithFilePath(fullPath);
            if (ids.IsEmpty)
            {
                return;
            }

            // Back to the file on disk; a document that exists only because the editor opened it goes away.
            Semantics.Forget(ids);
            var disk = TryReadFile(fullPath);
            _solution = disk is not null
                ? _solution.WithDocumentText(ids, disk, PreservationMode.PreserveIdentity)
                : _solution.RemoveDocuments(ids);
            solution = _solution;
            projects = ids.Select(id => id.ProjectId).Distinct().ToList();
        }

        if (_options.WarmUp)
        {
            _warmUp.CompileAfterClose(solution, projects);
        }
    }

    /// <summary>Relative path of a file for display (relative to the workspace folder holding it, else its name).</summary>
    public string DisplayPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return string.Empty;
        }

        foreach (var folder in Folders)
        {
            if (WorkspacePaths.IsUnder(folder, path))
            {
                return Path.GetRelativePath(folder, path).Replace('\\', '/');
            }
        }

        return Path.GetFileName(path);
    }

    private void SetOpenText(string path, string text)
    {
        var fullPath = WorkspacePaths.FullPath(path);
        var normalized = text.Contains('\r') ? NormalizedDocument.Create(text, 0).Text : text;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _solution = _open.Open(_solution, fullPath, normalized, out var changed);
            if (!changed)
            {
                return;
            }

            _refreshPath = fullPath;
        }

        if (_options.WarmUp)
        {
            _warmUp.ScheduleRefresh();
        }
    }

    /// <summary>The edited document whose semantic model the warm-up refreshes, and the snapshot holding it.</summary>
    private (string Path, Solution Solution)? RefreshTarget()
    {
        lock (_gate)
        {
            if (_disposed || _refreshPath is null) return null;
            return (_refreshPath, _solution);
        }
    }

    private void AfterRefresh(string path)
    {
        lock (_gate)
        {
            if (!_open.Contains(path))
            {
                // Closed while the refresh ran: the base it stored would keep the closed text alive.
                Semantics.ForgetSnapshotsHolding(path);
            }
        }
    }

    private async Task LoadAsync(IReadOnlyList<string> folders, int generation, bool keepProjects, bool trusted, CancellationToken cancellationToken)
    {
        try
        {
            if (_options.BeforeLoad is { } before)
            {
                await before(cancellationToken).ConfigureAwait(false);
            }

            if (!keepProjects)
            {
                SetStatus(generation, new WorkspaceStatus(WorkspaceLoadState.Scanning, $"Reading the .cs files of {string.Join(", ", folders)}", 0, 0, true));
            }

            var adhoc = _adHocProjects.AddFolders(_adhoc.CurrentSolution, folders, cancellationToken, out var adhocDirectories, out var scans);
            var documents = adhoc.Projects.Sum(p => p.DocumentIds.Count);
            var entryPoints = trusted
                ? folders.SelectMany(f => _files.FindProjectEntryPoints(f, _options.Limits, cancellationToken)).ToList()
                : [];
            var leftOut = string.Join("; ", scans.Select(s => s.Summary()).Where(s => s.Length > 0));
            var adhocMessage = $"Ad-hoc workspace: {documents} files" + (leftOut.Length > 0 ? $" ({leftOut})" : string.Empty)
                + (trusted ? string.Empty : "; workspace not trusted: project files are not loaded");
            Volatile.Write(ref _scans, scans);
            ReportSkipped(scans);
            if (!keepProjects || entryPoints.Count == 0)
            {
                Publish(generation, adhoc, adhocDirectories, WorkspaceLoadState.AdHoc,
                    adhocMessage + (entryPoints.Count > 0 ? $"; loading {entryPoints.Count} project file(s) with MSBuild" : string.Empty),
                    loading: entryPoints.Count > 0);
            }

            if (entryPoints.Count == 0)
            {
                WarmUp(generation, cancellationToken);
                return;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.MSBuildTimeout);
            var loaded = await LoadProjectsAsync(folders, entryPoints, generation, timeout.Token).ConfigureAwait(false);
            if (!loaded)
            {
                var message = adhocMessage + "; MSBuild could not load the projects (ad-hoc workspace kept)";
                if (keepProjects)
                {
                    Publish(generation, adhoc, adhocDirectories, WorkspaceLoadState.AdHoc, message, loading: false);
                }
                else
                {
                    SetStatus(generation, Status with { Loading = false, Message = message });
                }
            }

            WarmUp(generation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log($"Workspace load failed: {ex.GetType().Name}: {ex.Message}");
            SetStatus(generation, Status with { Loading = false, Message = $"Workspace load failed: {ex.Message}" });
        }
    }

    /// <summary>Loads the projects with the project loader and installs them; false when none loaded or a newer load
    /// began meanwhile.</summary>
    private async Task<bool> LoadProjectsAsync(IReadOnlyList<string> folders, IReadOnlyList<string> entryPoints, int generation, CancellationToken cancellationToken)
    {
        var loaded = await _projectLoader.LoadAsync(folders, entryPoints, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            return false;
        }

        var keep = false;
        try
        {
            var documents = loaded.Solution.Projects.Sum(p => p.DocumentIds.Count);
            keep = Publish(generation, loaded.Solution, loaded.Directories, WorkspaceLoadState.Projects,
                $"MSBuild workspace: {loaded.LoadedProjectCount} project(s), {documents} files", loading: false, projects: loaded);
            return keep;
        }
        finally
        {
            if (!keep)
            {
                loaded.Dispose();
            }
        }
    }

    /// <summary>Logs the .cs files the scan left out (binary, oversized, unreadable) with the reason, and the file limit.</summary>
    private void ReportSkipped(IReadOnlyList<SourceScan> scans)
    {
        foreach (var scan in scans)
        {
            foreach (var skipped in scan.Skipped)
            {
                Log($"Skipped {skipped.Path}: {skipped.Reason}");
            }

            var unlisted = scan.SkippedBinary + scan.SkippedLarge + scan.SkippedUnreadable - scan.Skipped.Count;
            if (unlisted > 0)
            {
                Log($"... and {unlisted} more skipped .cs file(s) in {scan.Root}");
            }

            if (scan.LimitReached)
            {
                Log($"Warning: {scan.Root} has {scan.FilesFound}{(scan.CountTruncated ? "+" : string.Empty)} .cs files; only the first {scan.Files.Count} (breadth-first) are analysed (the limit is {scan.MaxFiles} files per folder).");
            }
        }
    }

    /// <summary>Installs a freshly loaded solution (unless a newer load started), re-applying the open documents;
    /// <paramref name="projects"/> (what keeps loaded projects alive) replaces the previous one.</summary>
    private bool Publish(int generation, Solution solution, IReadOnlyDictionary<ProjectId, string> directories, WorkspaceLoadState state, string message, bool loading, LoadedProjects? projects = null)
    {
        LoadedProjects? retired;
        int projectCount;
        int documents;
        lock (_gate)
        {
            if (generation != _generation || _disposed)
            {
                return false;
            }

            _placement.Reset(directories);
            solution = _open.ApplyTo(solution);
            _solution = solution;
            retired = _loadedProjects;
            _loadedProjects = projects ?? (state == WorkspaceLoadState.Projects ? _loadedProjects : null);
            if (ReferenceEquals(retired, _loadedProjects)) retired = null;
            projectCount = solution.ProjectIds.Count;
            documents = solution.Projects.Sum(p => p.DocumentIds.Count);
        }

        retired?.Dispose();
        SetStatus(generation, new WorkspaceStatus(state, message, projectCount, documents, loading));
        return true;
    }

    private void WarmUp(int generation, CancellationToken cancellationToken)
    {
        if (!_options.WarmUp)
        {
            return;
        }

        _warmUp.CompileAll(CurrentSolution, () => generation != Volatile.Read(ref _generation), cancellationToken);
    }

    /// <summary>Applies the queued file changes (debounced): changed, created and deleted .cs files; a changed project
    /// or solution file reloads the folders.</summary>
    internal void ProcessFileEvents()
    {
        var paths = _fileChanges.TakeAll(PathComparer);
        if (paths.Count == 0)
        {
            return;
        }

        if (paths.Any(FileChangeQueue.IsProjectSystemFile) && Status.State == WorkspaceLoadState.Projects)
        {
            Log("A project or solution file changed: reloading the workspace.");
            Reload();
            return;
        }

        var reads = new Dictionary<string, SourceText?>(PathComparer);
        foreach (var path in paths.Where(p => p.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)))
        {
            reads[path] = TryReadFile(path);
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            foreach (var (path, text) in reads)
            {
                if (_open.Contains(path) || !IsUnderFolders(path)
                    || _folders.Any(f => WorkspaceScanner.IsUnderSkippedDirectory(f, path) || (WorkspacePaths.IsUnder(f, path) && _files.LinksOutside(f, path))))
                {
                    continue;
                }

                var ids = _solution.GetDocumentIdsWithFilePath(path);
                if (text is null)
                {
                    if (!ids.IsEmpty && !_files.FileExists(path))
                    {
                        _solution = _solution.RemoveDocuments(ids);
                    }
                }
                else if (ids.IsEmpty)
                {
                    _solution = _placement.AddDocument(_solution, path, text, out _);
                }
                else
                {
                    _solution = _solution.WithDocumentText(ids, text, PreservationMode.PreserveIdentity);
                }
            }
        }
    }

    /// <summary>A .cs file's text as a scan would take it (null when missing, too large, binary or unreadable; a file
    /// being written is tried again).</summary>
    private SourceText? TryReadFile(string path)
    {
        string? reason = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (_files.TryReadSource(path, _options.Limits, out reason) is { } text)
            {
                return SourceText.From(text, Encoding.UTF8);
            }

            if (reason is null || !reason.StartsWith("unreadable", StringComparison.Ordinal))
            {
                break;
            }

            Thread.Sleep(50);
        }

        if (reason is not null && !reason.StartsWith("not found", StringComparison.Ordinal))
        {
            Log($"Skipped {path}: {reason}");
        }

        return null;
    }

    private bool IsUnderFolders(string path) => _folders.Any(f => WorkspacePaths.IsUnder(f, path));

    private void SetStatus(int generation, WorkspaceStatus status)
    {
        if (generation != Volatile.Read(ref _generation))
        {
            return;
        }

        Volatile.Write(ref _status, status);
        Log(status.Message);
        StatusChanged?.Invoke(status);
    }

    private void Log(string message)
    {
        lock (_log)
        {
            try
            {
                _log.WriteLine($"[workspace] {message}");
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose()
    {
        LoadedProjects? projects;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _loadCancellation.Cancel();
            _fileChanges.Stop();
            projects = _loadedProjects;
            _loadedProjects = null;
        }

        _fileChanges.Dispose();
        _warmUp.Dispose();
        projects?.Dispose();
        _adhoc.Dispose();
        _loadCancellation.Dispose();
    }
}
