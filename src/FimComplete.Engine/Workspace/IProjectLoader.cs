using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Workspace;

/// <summary>Loads the workspace folders' solutions and projects with their build system (MSBuild). Only ever used for a
/// trusted workspace: loading runs the projects' targets and tasks.</summary>
public interface IProjectLoader
{
    /// <summary>The projects of <paramref name="entryPoints"/> (solutions or project files found in <paramref name="folders"/>),
    /// with the folders' files no loaded project compiles in ad-hoc projects; null when no usable project loaded.</summary>
    Task<LoadedProjects?> LoadAsync(IReadOnlyList<string> folders, IReadOnlyList<string> entryPoints, CancellationToken cancellationToken);
}

/// <summary>
/// Projects a <see cref="IProjectLoader"/> loaded: the solution, the folder each project stands for, and how many of
/// them the build system gave (the rest hold loose files). Disposing it releases what keeps the projects loaded (the
/// MSBuild workspace); the workspace holds it for as long as the solution is its current one.
/// </summary>
public sealed class LoadedProjects(Solution solution, IReadOnlyDictionary<ProjectId, string> directories, int loadedProjects, IDisposable? owner) : IDisposable
{
    public Solution Solution { get; } = solution;

    public IReadOnlyDictionary<ProjectId, string> Directories { get; } = directories;

    /// <summary>How many projects the build system loaded (ad-hoc projects of loose files not counted).</summary>
    public int LoadedProjectCount { get; } = loadedProjects;

    public void Dispose() => owner?.Dispose();
}
