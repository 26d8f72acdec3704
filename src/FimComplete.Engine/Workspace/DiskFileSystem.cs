using System.Text;
using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Workspace;

/// <summary>The workspace's files on disk (<see cref="WorkspaceScanner"/>'s walks and reads).</summary>
public sealed class DiskFileSystem : IWorkspaceFileSystem
{
    public static DiskFileSystem Instance { get; } = new();

    private DiskFileSystem()
    {
    }

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool FileExists(string path) => File.Exists(path);

    public SourceScan ScanSourceFiles(string root, WorkspaceLimits limits, CancellationToken cancellationToken) =>
        WorkspaceScanner.ScanSourceFiles(root, limits, cancellationToken);

    public IReadOnlyList<string> FindProjectEntryPoints(string root, WorkspaceLimits limits, CancellationToken cancellationToken) =>
        WorkspaceScanner.FindProjectEntryPoints(root, limits, cancellationToken);

    public bool UsesImplicitUsings(string root, CancellationToken cancellationToken) =>
        WorkspaceScanner.UsesImplicitUsings(root, cancellationToken);

    public string? TryReadSource(string path, WorkspaceLimits limits, out string? reason) =>
        WorkspaceScanner.TryReadSource(path, limits, out reason);

    public bool LinksOutside(string root, string path) => WorkspaceScanner.LinksOutside(root, path);

    public TextLoader CreateLoader(string path) => new FileTextLoader(path, Encoding.UTF8);
}
