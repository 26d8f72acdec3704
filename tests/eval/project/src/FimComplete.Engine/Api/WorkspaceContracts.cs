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

    /// <summary>Completes when the folders are loaded (MSBuild included, whether it succeeded or not).</summary>
    Task WaitForWorkspaceAsync(CancellationToken cancellationToken);
}
