using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using FimComplete.Engine.Analysis;
using FimComplete.Engine.Api;
using FimComplete.Engine.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Workspace;

public enum WorkspaceLoadState
{
    /// <summary>No folders: only the open documents (each in a project with the runtime's references).</summary>
    Empty,

    /// <summary>The folders' .cs files are being read.</summary>
    Scanning,

    /// <summary>Ad-hoc projects of the folders' .cs files with the runtime's references; MSBuild may still be loading.</summary>
    AdHoc,

    /// <summary>Projects loaded by MSBuild (files outside them in ad-hoc projects).</summary>
    Projects,
}

public sealed record WorkspaceStatus(WorkspaceLoadState State, string Message, int Projects, int Documents, bool Loading);

/// <summary>Options of a <see cref="CodeWorkspace"/>.</summary>
public sealed record CodeWorkspaceOptions
{
    public WorkspaceLimits Limits { get; init; } = new();

    /// <summary>
    /// Load .sln/.slnx/.csproj with MSBuildWorkspace (needs a .NET SDK) after the ad-hoc projects. Only for a trusted
    /// workspace: MSBuild evaluation and the design-time build run the project's targets, tasks and inline tasks, and
    /// the loaded projects bring the analyzers and source generators of the workspace and its packages, which run when
    /// a project compiles. Off (the default): ad-hoc projects of the folders' .cs files with the runtime's references
    /// only, nothing of the workspace is executed. <see cref="CodeWorkspace.TrustWorkspace"/> turns it on later.
    /// </summary>
    public bool UseMSBuild { get; init; }

    /// <summary>Pick up files changed on disk (FileSystemWatcher).</summary>
    public bool WatchFiles { get; init; } = true;

    /// <summary>Compile every project in the background once loaded, so the first completion is not cold.</summary>
    public bool WarmUp { get; init; } = true;

    public TimeSpan MSBuildTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The server's cache folder; MSBuild's design-time build outputs go under its <c>msbuild/</c> folder, never
    /// into the project (see <see cref="DesignTimeBuildOutput"/>). Null: <see cref="DesignTimeBuildOutput.DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>While a document's project has not compiled yet, analyse the document in a one-file copy of its project
    /// (see <see cref="DocumentOnlyAnalysis"/>) and compile the project in the background, so that the first completion
    /// does not wait for it. Off by default (evaluation and tests analyse the whole project); the server turns it on.</summary>
    public bool DocumentOnlyUntilCompiled { get; init; }

    /// <summary>Awaited before each load of the folders begins. Tests hold a load back with it, deterministically, to show
    /// that completions never wait for the workspace.</summary>
    internal Func<CancellationToken, Task>? BeforeLoad { get; init; }
}

/// <summary>
/// The Roslyn view of the user's code. For the workspace folders it first builds ad-hoc projects of their .cs files
/// (bin/obj skipped, bounded size and count) referencing the running .NET's assemblies, then loads the folders'
/// solution or projects with MSBuildWorkspace in the background; a project MSBuild cannot load (no SDK, .NET
/// Framework, not restored) keeps its files in the ad-hoc projects. Open documents override the disk (their text is
/// kept LF-normalised, as the model sees it), edits reach Roslyn as incremental changes, and files changed on disk are
/// picked up. The state is an immutable <see cref="Solution"/> snapshot; nothing is ever written to disk.
/// </summary>
public sealed class CodeWorkspace : IDocumentSink, IDisposable
{
    private static readonly StringComparer PathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly object _gate = new();
    private readonly TextWriter _log;
    private readonly CodeWorkspaceOptions _options;
    private readonly AdhocWorkspace _adhoc = new();
    private readonly Dictionary<string, SourceText> _open = new(PathComparer);
    private readonly Dictionary<ProjectId, string> _projectDirectories = [];
    private readonly ConcurrentQueue<string> _fileEvents = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _fileEventTimer;
    private readonly Timer _refreshTimer;
    private string? _refreshPath;
    private MSBuildWorkspace? _msbuild;
    private Solution _solution;
    private ProjectId? _miscProjectId;
    private IReadOnlyList<string> _folders = [];
    private CancellationTokenSource _loadCancellation = new();
    private Task _loaded = Task.CompletedTask;
    private int _generation;
    private WorkspaceStatus _status = new(WorkspaceLoadState.Empty, "No workspace folders.", 0, 0, false);
    private IReadOnlyList<SourceScan> _scans = [];
    private bool _trusted;
    private bool _disposed;
    private readonly DocumentOnlyAnalysis _documentOnly;

    public CodeWorkspace(TextWriter log, CodeWorkspaceOptions? options = null)
    {
        _log = log;
        _options = options ?? new CodeWorkspaceOptions();
        _trusted = _options.UseMSBuild;
        _documentOnly = new DocumentOnlyAnalysis(PathComparer, Log);
        _solution = _adhoc.CurrentSolution;
        _fileEventTimer = new Timer(_ => ProcessFileEvents(), null, Timeout.Infinite, Timeout.Infinite);
        _refreshTimer = new Timer(_ => RefreshSemantics(), null, Timeout.Infinite, Timeout.Infinite);
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
            .Where(Directory.Exists)
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
            StopWatching();
        }

        if (normalized.Count == 0)
        {
            Publish(generation, _adhoc.CurrentSolution, [], WorkspaceLoadState.Empty, "No workspace folders.", loading: false);
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
            StartWatching(normalized);
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
        var fullPath = FullPath(path);
        Solution solution;
        SourceText? openText;
        lock (_gate)
        {
            solution = _solution;
            _open.TryGetValue(fullPath, out openText);
        }

        var ids = solution.GetDocumentIdsWithFilePath(fullPath);
        if (!ids.IsEmpty)
        {
            var document = solution.GetDocument(PickDocument(solution, ids))!;
            if (_options.DocumentOnlyUntilCompiled && !_documentOnly.IsReady(document.Project, document.Id, Semantics))
            {
                _documentOnly.CompileInBackground(document.Project);
                return _documentOnly.Get(document.Project, fullPath, text);
            }

            if (document.TryGetText(out var current))
            {
                return SameText(current, text) ? document : document.WithText(TextDiff.Apply(current, text));
            }

            return document.WithText(openText is null ? SourceText.From(text) : TextDiff.Apply(openText, text));
        }

        lock (_gate)
        {
            solution = AddDocument(solution, fullPath, SourceText.From(text), out var id);
            return solution.GetDocument(id)!;
        }
    }

    public void DocumentOpened(string path, string text) => SetOpenText(path, text);

    public void DocumentChanged(string path, string text) => SetOpenText(path, text);

    public void DocumentClosed(string path)
    {
        var fullPath = FullPath(path);
        Solution solution;
        List<ProjectId> projects;
        lock (_gate)
        {
            if (!_open.Remove(fullPath))
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
            // Roslyn keeps the project's last compilation (with the closed text's syntax tree) until a newer one is
            // asked for; asking now, in the background, lets it go (and keeps the project warm).
            _ = Task.Run(() => CompileProjects(solution, projects));
        }
    }

    private void CompileProjects(Solution solution, IReadOnlyList<ProjectId> projects)
    {
        foreach (var id in projects)
        {
            try
            {
                _ = solution.GetProject(id)?.GetCompilationAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log($"Compiling {solution.GetProject(id)?.Name} after a document closed failed: {ex.Message}");
            }
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
            if (IsUnder(folder, path))
            {
                return Path.GetRelativePath(folder, path).Replace('\\', '/');
            }
        }

        return Path.GetFileName(path);
    }

    private void SetOpenText(string path, string text)
    {
        var fullPath = FullPath(path);
        var normalized = text.Contains('\r') ? NormalizedDocument.Create(text, 0).Text : text;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var ids = _solution.GetDocumentIdsWithFilePath(fullPath);
            SourceText newText;
            if (_open.TryGetValue(fullPath, out var previous))
            {
                newText = TextDiff.Apply(previous, normalized);
                if (ReferenceEquals(newText, previous) && !ids.IsEmpty)
                {
                    return;
                }
            }
            else if (!ids.IsEmpty && _solution.GetDocument(ids[0])!.TryGetText(out var current))
            {
                newText = TextDiff.Apply(current, normalized);
            }
            else
            {
                newText = SourceText.From(normalized);
            }

            _open[fullPath] = newText;
            _solution = ids.IsEmpty
                ? AddDocument(_solution, fullPath, newText, out _)
                : _solution.WithDocumentText(ids, newText, PreservationMode.PreserveIdentity);
            _refreshPath = fullPath;
        }

        if (_options.WarmUp)
        {
            try
            {
                _refreshTimer.Change(SemanticRefreshDelay, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>After a pause in editing, the edited document's semantic model becomes the warm base, so the next
    /// completion binds speculatively even after a declaration changed.</summary>
    private void RefreshSemantics()
    {
        string? path;
        Solution solution;
        lock (_gate)
        {
            if (_disposed) return;
            path = _refreshPath;
            solution = _solution;
        }

        if (path is null)
        {
            return;
        }

        var ids = solution.GetDocumentIdsWithFilePath(path);
        if (ids.IsEmpty || solution.GetDocument(PickDocument(solution, ids)) is not { } document)
        {
            return;
        }

        try
        {
            Semantics.Refresh(document, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log($"Semantic refresh of {path} failed: {ex.Message}");
        }

        lock (_gate)
        {
            if (!_open.ContainsKey(path))
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

            var adhoc = BuildAdHocSolution(folders, cancellationToken, out var adhocDirectories, out var scans);
            var documents = adhoc.Projects.Sum(p => p.DocumentIds.Count);
            var entryPoints = trusted
                ? folders.SelectMany(f => WorkspaceScanner.FindProjectEntryPoints(f, _options.Limits, cancellationToken)).ToList()
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
            var loaded = await LoadWithMSBuildAsync(folders, entryPoints, generation, timeout.Token).ConfigureAwait(false);
            if (loaded is null)
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

    private Solution BuildAdHocSolution(IReadOnlyList<string> folders, CancellationToken cancellationToken, out Dictionary<ProjectId, string> directories, out IReadOnlyList<SourceScan> scans)
    {
        var solution = _adhoc.CurrentSolution;
        directories = [];
        var results = new List<SourceScan>();
        scans = results;
        foreach (var folder in folders)
        {
            var scan = WorkspaceScanner.ScanSourceFiles(folder, _options.Limits, cancellationToken);
            results.Add(scan);
            var files = scan.Files;
            var extra = WorkspaceScanner.UsesImplicitUsings(folder, cancellationToken) ? new[] { ImplicitUsingsDocument(folder) } : [];
            var info = AdHocProjectInfo(Path.GetFileName(folder) is { Length: > 0 } name ? name : "Workspace", folder, files, extra, []);
            solution = solution.AddProject(info);
            directories[info.Id] = folder;
        }

        return solution;
    }

    private static ProjectInfo AdHocProjectInfo(string name, string folder, IEnumerable<string> files, IEnumerable<DocumentInfo> extra, IEnumerable<ProjectReference> projectReferences)
    {
        var id = ProjectId.CreateNewId(name);
        var documents = files.Select(f => DocumentInfo.Create(DocumentId.CreateNewId(id, f), Path.GetFileName(f),
            loader: new FileTextLoader(f, Encoding.UTF8), filePath: f)).ToList();
        documents.AddRange(extra.Select(d => d.WithId(DocumentId.CreateNewId(id, d.Name))));
        return ProjectInfo.Create(id, VersionStamp.Create(), name, SanitizeAssemblyName(name), LanguageNames.CSharp,
            filePath: null,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true),
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            documents: documents,
            projectReferences: projectReferences,
            metadataReferences: RuntimeReferences.All);
    }

    private static DocumentInfo ImplicitUsingsDocument(string folder)
    {
        const string text = "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.IO;\n" +
            "global using global::System.Linq;\nglobal using global::System.Net.Http;\nglobal using global::System.Threading;\nglobal using global::System.Threading.Tasks;\n";
        var path = Path.Combine(folder, "obj", "FimComplete.ImplicitUsings.g.cs");
        return DocumentInfo.Create(DocumentId.CreateNewId(ProjectId.CreateNewId()), Path.GetFileName(path),
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Create(), path)), filePath: path, isGenerated: true);
    }

    private async Task<Solution?> LoadWithMSBuildAsync(IReadOnlyList<string> folders, IReadOnlyList<string> entryPoints, int generation, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> properties;
        try
        {
            properties = DesignTimeBuildOutput.Prepare(_options.CacheDirectory ?? DesignTimeBuildOutput.DefaultCacheDirectory());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Without a place for the design-time builds' outputs they would land in the user's project: no MSBuild.
            Log($"MSBuild not used: cannot prepare the build cache folder: {ex.Message}");
            return null;
        }

        MSBuildWorkspace workspace;
        try
        {
            workspace = MSBuildWorkspace.Create(properties.ToDictionary(p => p.Key, p => p.Value));
        }
        catch (Exception ex)
        {
            Log($"MSBuildWorkspace unavailable: {ex.Message}");
            return null;
        }

        var keep = false;
        var problems = new MSBuildProblems();
        try
        {
            workspace.SkipUnrecognizedProjects = true;
            using var registration = workspace.RegisterWorkspaceFailedHandler(e => problems.Add(e.Diagnostic));

            var solutionOpened = false;
            foreach (var entry in entryPoints)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    if (entry.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || entry.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
                    {
                        if (solutionOpened)
                        {
                            // One solution per MSBuildWorkspace: the other solutions' projects are opened one by one.
                            foreach (var project in WorkspaceScanner.FindProjectEntryPoints(Path.GetDirectoryName(entry)!, _options.Limits, cancellationToken)
                                .Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)))
                            {
                                await OpenProjectAsync(workspace, project, cancellationToken).ConfigureAwait(false);
                            }

                            continue;
                        }

                        await workspace.OpenSolutionAsync(entry, cancellationToken: cancellationToken).ConfigureAwait(false);
                        solutionOpened = true;
                    }
                    else
                    {
                        await OpenProjectAsync(workspace, entry, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log($"MSBuild could not load {entry}: {ex.GetType().Name}: {ex.Message}");
                }
            }

            var solution = workspace.CurrentSolution;
            var usable = solution.Projects.Where(IsUsable).Select(p => p.Id).ToHashSet();
            var usableFiles = solution.Projects.Where(p => usable.Contains(p.Id) && p.FilePath is not null).Select(p => p.FilePath!).ToHashSet(PathComparer);
            foreach (var summary in problems.Summaries(file => usableFiles.Contains(file)))
            {
                Log(summary);
            }

            var told = problems.ProjectFiles;

            foreach (var project in solution.Projects.ToList())
            {
                if (!usable.Contains(project.Id))
                {
                    if (project.FilePath is null || !told.Contains(project.FilePath))
                    {
                        Log($"project {project.Name}: MSBuild gave no sources or no core library reference, completions use this folder's files only");
                    }

                    solution = solution.RemoveProject(project.Id);
                }
            }

            if (usable.Count == 0)
            {
                return null;
            }

            // Files under the folders that no loaded project compiles stay in ad-hoc projects that see the loaded ones.
            var directories = new Dictionary<ProjectId, string>();
            foreach (var project in solution.Projects)
            {
                if (project.FilePath is { } projectPath)
                {
                    directories[project.Id] = Path.GetDirectoryName(projectPath)!;
                }
            }

            var known = solution.Projects.SelectMany(p => p.Documents).Select(d => d.FilePath).OfType<string>().ToHashSet(PathComparer);
            var references = solution.Projects.Select(p => new ProjectReference(p.Id)).ToList();
            foreach (var folder in folders)
            {
                var loose = WorkspaceScanner.FindSourceFiles(folder, _options.Limits, cancellationToken).Where(f => !known.Contains(f)).ToList();
                if (loose.Count == 0)
                {
                    continue;
                }

                var info = AdHocProjectInfo($"{Path.GetFileName(folder)} (loose files)", folder, loose, [], references);
                solution = solution.AddProject(info);
                directories[info.Id] = folder;
            }

            var documents = solution.Projects.Sum(p => p.DocumentIds.Count);
            keep = Publish(generation, solution, directories, WorkspaceLoadState.Projects,
                $"MSBuild workspace: {usable.Count} project(s), {documents} files", loading: false, msbuild: workspace);
            return keep ? solution : null;
        }
        finally
        {
            if (!keep)
            {
                workspace.Dispose();
            }
        }
    }

    private static async Task OpenProjectAsync(MSBuildWorkspace workspace, string path, CancellationToken cancellationToken)
    {
        if (workspace.CurrentSolution.Projects.Any(p => PathComparer.Equals(p.FilePath, path)))
        {
            return;
        }

        await workspace.OpenProjectAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static bool IsUsable(Project project) =>
        project.Language == LanguageNames.CSharp
        && project.DocumentIds.Count > 0
        && project.MetadataReferences.OfType<PortableExecutableReference>().Any(r => r.FilePath is { } path && RuntimeReferences.CoreLibraryNames.Contains(Path.GetFileName(path)));

    /// <summary>Installs a freshly loaded solution (unless a newer load started), re-applying the open documents.</summary>
    private bool Publish(int generation, Solution solution, Dictionary<ProjectId, string> directories, WorkspaceLoadState state, string message, bool loading, MSBuildWorkspace? msbuild = null)
    {
        MSBuildWorkspace? retired;
        int projects;
        int documents;
        lock (_gate)
        {
            if (generation != _generation || _disposed)
            {
                return false;
            }

            _projectDirectories.Clear();
            foreach (var (id, directory) in directories) _projectDirectories[id] = directory;
            _miscProjectId = null;
            foreach (var (path, text) in _open)
            {
                var ids = solution.GetDocumentIdsWithFilePath(path);
                solution = ids.IsEmpty ? AddDocument(solution, path, text, out _) : solution.WithDocumentText(ids, text, PreservationMode.PreserveIdentity);
            }

            _solution = solution;
            retired = _msbuild;
            _msbuild = msbuild ?? (state == WorkspaceLoadState.Projects ? _msbuild : null);
            if (ReferenceEquals(retired, _msbuild)) retired = null;
            projects = solution.ProjectIds.Count;
            documents = solution.Projects.Sum(p => p.DocumentIds.Count);
        }

        retired?.Dispose();
        SetStatus(generation, new WorkspaceStatus(state, message, projects, documents, loading));
        return true;
    }

    /// <summary>Adds a document to the project whose folder holds it (deepest first), else to the miscellaneous project.</summary>
    private Solution AddDocument(Solution solution, string path, SourceText text, out DocumentId id)
    {
        ProjectId? owner = null;
        var ownerLength = -1;
        foreach (var (projectId, directory) in _projectDirectories)
        {
            if (directory.Length > ownerLength && IsUnder(directory, path) && solution.ContainsProject(projectId))
            {
                owner = projectId;
                ownerLength = directory.Length;
            }
        }

        if (owner is null)
        {
            if (_miscProjectId is null || !solution.ContainsProject(_miscProjectId))
            {
                var info = AdHocProjectInfo("Miscellaneous", string.Empty, [], [], []);
                solution = solution.AddProject(info);
                _miscProjectId = info.Id;
            }

            owner = _miscProjectId;
        }

        id = DocumentId.CreateNewId(owner, path);
        return solution.AddDocument(DocumentInfo.Create(id, Path.GetFileName(path),
            loader: TextLoader.From(TextAndVersion.Create(text, VersionStamp.Create(), path)), filePath: path));
    }

    private void WarmUp(int generation, CancellationToken cancellationToken)
    {
        if (!_options.WarmUp)
        {
            return;
        }

        var solution = CurrentSolution;
        foreach (var project in solution.Projects)
        {
            if (cancellationToken.IsCancellationRequested || generation != Volatile.Read(ref _generation))
            {
                return;
            }

            try
            {
                var compilation = project.GetCompilationAsync(cancellationToken).GetAwaiter().GetResult();
                _ = compilation?.Assembly.TypeNames.Count;
                _ = compilation?.GetSpecialType(SpecialType.System_Object);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log($"Warm-up of {project.Name} failed: {ex.Message}");
            }
        }
    }

    private void StartWatching(IReadOnlyList<string> folders)
    {
        foreach (var folder in folders)
        {
            try
            {
                var watcher = new FileSystemWatcher(folder)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
                };
                watcher.Changed += (_, e) => Enqueue(e.FullPath);
                watcher.Created += (_, e) => Enqueue(e.FullPath);
                watcher.Deleted += (_, e) => Enqueue(e.FullPath);
                watcher.Renamed += (_, e) =>
                {
                    Enqueue(e.OldFullPath);
                    Enqueue(e.FullPath);
                };
                watcher.Error += (_, e) => Log($"File watcher error in {folder}: {e.GetException().Message}");
                watcher.EnableRaisingEvents = true;
                lock (_gate) _watchers.Add(watcher);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                Log($"Not watching {folder} for changes: {ex.Message}");
            }
        }
    }

    private void StopWatching()
    {
        foreach (var watcher in _watchers)
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }

        _watchers.Clear();
    }

    private void Enqueue(string path)
    {
        if (path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || IsProjectSystemFile(path))
        {
            _fileEvents.Enqueue(path);
            try
            {
                _fileEventTimer.Change(250, Timeout.Infinite);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static bool IsProjectSystemFile(string path) =>
        path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Applies the queued disk changes (debounced): changed, created and deleted .cs files; a changed project
    /// or solution file reloads the folders.</summary>
    internal void ProcessFileEvents()
    {
        var paths = new HashSet<string>(PathComparer);
        while (_fileEvents.TryDequeue(out var path)) paths.Add(path);
        if (paths.Count == 0)
        {
            return;
        }

        if (paths.Any(IsProjectSystemFile) && Status.State == WorkspaceLoadState.Projects)
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
                if (_open.ContainsKey(path) || !IsUnderFolders(path)
                    || _folders.Any(f => WorkspaceScanner.IsUnderSkippedDirectory(f, path) || (IsUnder(f, path) && WorkspaceScanner.LinksOutside(f, path))))
                {
                    continue;
                }

                var ids = _solution.GetDocumentIdsWithFilePath(path);
                if (text is null)
                {
                    if (!ids.IsEmpty && !File.Exists(path))
                    {
                        _solution = _solution.RemoveDocuments(ids);
                    }
                }
                else if (ids.IsEmpty)
                {
                    _solution = AddDocument(_solution, path, text, out _);
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
            if (WorkspaceScanner.TryReadSource(path, _options.Limits, out reason) is { } text)
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

    private bool IsUnderFolders(string path) => _folders.Any(f => IsUnder(f, path));

    private static bool IsUnder(string folder, string path) =>
        folder.Length > 0 && path.Length > folder.Length && path.StartsWith(folder, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
        && (path[folder.Length] == Path.DirectorySeparatorChar || path[folder.Length] == Path.AltDirectorySeparatorChar);

    /// <summary>Of the documents sharing a path (multi-targeted projects), the one in the project with most references.</summary>
    private static DocumentId PickDocument(Solution solution, ImmutableArray<DocumentId> ids) =>
        ids.Length == 1 ? ids[0] : ids.OrderByDescending(id => solution.GetProject(id.ProjectId)?.MetadataReferences.Count ?? 0).First();

    private static bool SameText(SourceText text, string other)
    {
        if (text.Length != other.Length)
        {
            return false;
        }

        const int Chunk = 4096;
        var buffer = new char[Math.Min(Chunk, Math.Max(1, text.Length))];
        for (var start = 0; start < text.Length; start += Chunk)
        {
            var count = Math.Min(Chunk, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            if (!buffer.AsSpan(0, count).SequenceEqual(other.AsSpan(start, count)))
            {
                return false;
            }
        }

        return true;
    }

    private static string FullPath(string path)
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

    private static string SanitizeAssemblyName(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "Workspace" : new string(chars);
    }

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
        MSBuildWorkspace? msbuild;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _loadCancellation.Cancel();
            StopWatching();
            msbuild = _msbuild;
            _msbuild = null;
        }

        _fileEventTimer.Dispose();
        _refreshTimer.Dispose();
        msbuild?.Dispose();
        _adhoc.Dispose();
        _loadCancellation.Dispose();
    }
}
