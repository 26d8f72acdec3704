using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// Background compilation, so completions do not wait for it: every project once the folders are loaded, the projects
/// of a document the editor closed, and the semantic model of the document being edited after a pause in editing.
/// </summary>
internal sealed class WorkspaceWarmUp : IDisposable
{
    private readonly SemanticModelCache _semantics;
    private readonly Action<string> _log;
    private readonly Timer _refreshTimer;
    private readonly Func<TimeSpan> _refreshDelay;

    /// <param name="refreshTarget">The edited document to refresh and the snapshot holding it (null: none), read under
    /// the workspace's lock.</param>
    /// <param name="afterRefresh">Called with the refreshed document's path once its semantic model is stored.</param>
    public WorkspaceWarmUp(SemanticModelCache semantics, Func<(string Path, Solution Solution)?> refreshTarget, Action<string> afterRefresh, Func<TimeSpan> refreshDelay, Action<string> log)
    {
        _semantics = semantics;
        _log = log;
        _refreshDelay = refreshDelay;
        _refreshTimer = new Timer(_ => RefreshSemantics(refreshTarget, afterRefresh), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Compiles every project of the solution, stopping when <paramref name="stale"/> says a newer load began.</summary>
    public void CompileAll(Solution solution, Func<bool> stale, CancellationToken cancellationToken)
    {
        foreach (var project in solution.Projects)
        {
            if (cancellationToken.IsCancellationRequested || stale())
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
                _log($"Warm-up of {project.Name} failed: {ex.Message}");
            }
        }
    }

    /// <summary>Compiles the projects a document was closed in: Roslyn keeps the project's last compilation (with the
    /// closed text's syntax tree) until a newer one is asked for; asking now, in the background, lets it go (and keeps
    /// the project warm).</summary>
    public void CompileAfterClose(Solution solution, IReadOnlyList<ProjectId> projects) => _ = Task.Run(() =>
    {
        foreach (var id in projects)
        {
            try
            {
                _ = solution.GetProject(id)?.GetCompilationAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log($"Compiling {solution.GetProject(id)?.Name} after a document closed failed: {ex.Message}");
            }
        }
    });

    /// <summary>(Re)starts the pause after which the edited document's semantic model is refreshed.</summary>
    public void ScheduleRefresh()
    {
        try
        {
            _refreshTimer.Change(_refreshDelay(), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>After a pause in editing, the edited document's semantic model becomes the warm base, so the next
    /// completion binds speculatively even after a declaration changed.</summary>
    private void RefreshSemantics(Func<(string Path, Solution Solution)?> refreshTarget, Action<string> afterRefresh)
    {
        if (refreshTarget() is not var (path, solution))
        {
            return;
        }

        var ids = solution.GetDocumentIdsWithFilePath(path);
        if (ids.IsEmpty || solution.GetDocument(WorkspaceDocuments.Pick(solution, ids)) is not { } document)
        {
            return;
        }

        try
        {
            _semantics.Refresh(document, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _log($"Semantic refresh of {path} failed: {ex.Message}");
        }

        afterRefresh(path);
    }

    public void Dispose() => _refreshTimer.Dispose();
}
