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
