namespace FimComplete.Engine.Api;

/// <summary>
/// A host that keeps a Roslyn workspace of the user's folders (implemented by the model host): the server calls
/// <see cref="SetWorkspaceFolders"/> with the client's workspace folders (or root path) after initialize, and again
/// when they change.
/// </summary>
public interface IWorkspaceHost
{
    /// <summary>Sets the workspace root folders; they load in the background (ad-hoc first, then MSBuild).</summary>
    void SetWorkspaceFolders(IReadOnlyList<string> folders);

    /// <summary>
    /// The user trusts the workspace: its projects load with MSBuild from now on (the folders already set load again).
    /// Until then only ad-hoc projects of the folders' .cs files are made and nothing of the workspace runs.
    /// </summary>
    void TrustWorkspace();

    /// <summary>Completes when the folders are loaded (MSBuild included, whether it succeeded or not).</summary>
    Task WaitForWorkspaceAsync(CancellationToken cancellationToken);
}
