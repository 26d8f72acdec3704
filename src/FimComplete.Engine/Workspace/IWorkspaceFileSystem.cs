using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// The files of the workspace folders as the workspace sees them: what a folder holds and what a file says. The
/// workspace reads the user's code through this only, so it runs as well over an in-memory file set (tests) as over
/// the disk (<see cref="DiskFileSystem"/>). It only reads: nothing of the workspace is ever written.
/// </summary>
public interface IWorkspaceFileSystem
{
    bool DirectoryExists(string path);

    bool FileExists(string path);

    /// <summary>The .cs files under the folder, within the limits (see <see cref="WorkspaceScanner.ScanSourceFiles"/>).</summary>
    SourceScan ScanSourceFiles(string root, WorkspaceLimits limits, CancellationToken cancellationToken);

    /// <summary>What MSBuild should load for the folder (see <see cref="WorkspaceScanner.FindProjectEntryPoints"/>).</summary>
    IReadOnlyList<string> FindProjectEntryPoints(string root, WorkspaceLimits limits, CancellationToken cancellationToken);

    /// <summary>True when some project file under the folder switches implicit usings on.</summary>
    bool UsesImplicitUsings(string root, CancellationToken cancellationToken);

    /// <summary>The text of a .cs file, or null (with the reason) when a scan would leave it out
    /// (see <see cref="WorkspaceScanner.TryReadSource"/>).</summary>
    string? TryReadSource(string path, WorkspaceLimits limits, out string? reason);

    /// <summary>True when the file is a link whose target is outside <paramref name="root"/> (see
    /// <see cref="WorkspaceScanner.LinksOutside"/>).</summary>
    bool LinksOutside(string root, string path);

    /// <summary>Reads a document of an ad-hoc project when Roslyn first asks for its text.</summary>
    TextLoader CreateLoader(string path);
}
