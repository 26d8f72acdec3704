using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// Loads solutions and projects with MSBuildWorkspace (needs a .NET SDK). The design-time builds' outputs go to the
/// cache folder (see <see cref="DesignTimeBuildOutput"/>), never into the project. A project MSBuild cannot use (no
/// sources or no core library: no SDK, .NET Framework, not restored) is left out, and its files stay with the ad-hoc
/// projects of the folders' loose files.
/// </summary>
internal sealed class MSBuildProjectLoader(CodeWorkspaceOptions options, IWorkspaceFileSystem files, AdHocProjects adHoc, Action<string> log) : IProjectLoader
{
    public async Task<LoadedProjects?> LoadAsync(IReadOnlyList<string> folders, IReadOnlyList<string> entryPoints, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> properties;
        try
        {
            properties = DesignTimeBuildOutput.Prepare(options.CacheDirectory ?? DesignTimeBuildOutput.DefaultCacheDirectory());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Without a place for the design-time builds' outputs they would land in the user's project: no MSBuild.
            log($"MSBuild not used: cannot prepare the build cache folder: {ex.Message}");
            return null;
        }

        MSBuildWorkspace workspace;
        try
        {
            workspace = MSBuildWorkspace.Create(properties.ToDictionary(p => p.Key, p => p.Value));
        }
        catch (Exception ex)
        {
            log($"MSBuildWorkspace unavailable: {ex.Message}");
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
                            foreach (var project in files.FindProjectEntryPoints(Path.GetDirectoryName(entry)!, options.Limits, cancellationToken)
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
                    log($"MSBuild could not load {entry}: {ex.GetType().Name}: {ex.Message}");
                }
            }

            var solution = workspace.CurrentSolution;
            var usable = solution.Projects.Where(IsUsable).Select(p => p.Id).ToHashSet();
            var usableFiles = solution.Projects.Where(p => usable.Contains(p.Id) && p.FilePath is not null).Select(p => p.FilePath!).ToHashSet(WorkspacePaths.Comparer);
            foreach (var summary in problems.Summaries(file => usableFiles.Contains(file)))
            {
                log(summary);
            }

            var told = problems.ProjectFiles;

            foreach (var project in solution.Projects.ToList())
            {
                if (!usable.Contains(project.Id))
                {
                    if (project.FilePath is null || !told.Contains(project.FilePath))
                    {
                        log($"project {project.Name}: MSBuild gave no sources or no core library reference, completions use this folder's files only");
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

            var known = solution.Projects.SelectMany(p => p.Documents).Select(d => d.FilePath).OfType<string>().ToHashSet(WorkspacePaths.Comparer);
            var references = solution.Projects.Select(p => new ProjectReference(p.Id)).ToList();
            foreach (var folder in folders)
            {
                var loose = files.ScanSourceFiles(folder, options.Limits, cancellationToken).Files.Where(f => !known.Contains(f)).ToList();
                if (loose.Count == 0)
                {
                    continue;
                }

                var info = adHoc.Project($"{Path.GetFileName(folder)} (loose files)", loose, [], references);
                solution = solution.AddProject(info);
                directories[info.Id] = folder;
            }

            keep = true;
            return new LoadedProjects(solution, directories, usable.Count, workspace);
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
        if (workspace.CurrentSolution.Projects.Any(p => WorkspacePaths.Comparer.Equals(p.FilePath, path)))
        {
            return;
        }

        await workspace.OpenProjectAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static bool IsUsable(Project project) =>
        project.Language == LanguageNames.CSharp
        && project.DocumentIds.Count > 0
        && project.MetadataReferences.OfType<PortableExecutableReference>().Any(r => r.FilePath is { } path && RuntimeReferences.CoreLibraryNames.Contains(Path.GetFileName(path)));
}
