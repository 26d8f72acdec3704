using FimComplete.Engine.Api;
using FimComplete.Server.Client;
using FimComplete.Server.Documents;
using FimComplete.Server.Logging;

namespace FimComplete.Server.Workspace;

/// <summary>Passes the client's workspace folders (as local paths) to a host that keeps a workspace (<see cref="IWorkspaceHost"/>).</summary>
public sealed class WorkspaceFolderPublisher(ClientSession session, IEngineHost host, ServerLogger logger)
{
    /// <summary>The local paths of the file:// workspace folders (other schemes are skipped).</summary>
    public IReadOnlyList<string> GetFolderPaths() =>
        session.WorkspaceFolders
            .Where(f => f.Uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            .Select(f => DocumentUris.ToPath(f.Uri))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public void Publish()
    {
        if (host is not IWorkspaceHost workspace)
        {
            return;
        }

        var folders = this.GetFolderPaths();
        logger.Info($"Workspace folders: {(folders.Count == 0 ? "none" : string.Join(", ", folders))}"
            + (session.WorkspaceTrusted ? " (trusted: projects load with MSBuild)" : " (not trusted: .cs files only, project files are not loaded)"));
        try
        {
            if (session.WorkspaceTrusted)
            {
                workspace.TrustWorkspace();
            }

            workspace.SetWorkspaceFolders(folders);
        }
#pragma warning disable CA1031 // The workspace is an extra: completions work without it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.Error($"SetWorkspaceFolders failed: {ex}");
        }
    }

    /// <summary>The user granted trust while the server runs: the folders' projects load with MSBuild now.</summary>
    public void PublishTrust()
    {
        if (host is not IWorkspaceHost workspace)
        {
            return;
        }

        logger.Info("The workspace is trusted now: loading its projects with MSBuild.");
        try
        {
            workspace.TrustWorkspace();
        }
#pragma warning disable CA1031 // The workspace is an extra: completions work without it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.Error($"TrustWorkspace failed: {ex}");
        }
    }
}
