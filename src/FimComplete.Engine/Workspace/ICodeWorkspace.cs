using FimComplete.Engine.Api;
using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Workspace;

/// <summary>The workspace as its host drives it: folders, trust, the editor's documents, and its state
/// (see <see cref="CodeWorkspace"/>).</summary>
public interface ICodeWorkspace : IAnalysisWorkspace, IDocumentSink, IDisposable
{
    /// <summary>The current snapshot (immutable; fork it freely).</summary>
    Solution CurrentSolution { get; }

    IReadOnlyList<string> Folders { get; }

    WorkspaceStatus Status { get; }

    /// <summary>The last scan of each workspace folder: the files taken, and what was left out (limit, binary, size).</summary>
    IReadOnlyList<SourceScan> LastScans { get; }

    /// <summary>Number of documents the editor has open here (memory diagnostics and tests).</summary>
    int OpenDocumentCount { get; }

    /// <summary>Whether the folders' projects are loaded with MSBuild (see <see cref="CodeWorkspaceOptions.UseMSBuild"/>).</summary>
    bool IsTrusted { get; }

    /// <summary>Completes when the current folders have been loaded (MSBuild included, successful or not).</summary>
    Task WhenLoaded { get; }

    event Action<WorkspaceStatus>? StatusChanged;

    /// <summary>Sets the workspace root folders and (re)loads them in the background. Open documents stay open.</summary>
    void SetFolders(IReadOnlyList<string> folders);

    /// <summary>Loads the same folders again; the current projects keep answering until the new ones are loaded.</summary>
    void Reload();

    /// <summary>The user trusts the workspace: from now on its projects load with MSBuild (never taken back).</summary>
    void TrustWorkspace();
}
