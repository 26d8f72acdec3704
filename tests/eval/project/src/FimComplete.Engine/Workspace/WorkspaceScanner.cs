namespace FimComplete.Engine.Workspace;

/// <summary>Limits on what a folder scan reads.</summary>
public sealed record WorkspaceLimits
{
    /// <summary>Files larger than this are left out (generated code, data blobs).</summary>
    public long MaxFileBytes { get; init; } = 1_000_000;

    /// <summary>At most this many .cs files per folder.</summary>
    public int MaxFiles { get; init; } = 5_000;

    /// <summary>At most this many project files are loaded with MSBuild when a folder has no solution.</summary>
    public int MaxProjects { get; init; } = 200;
}

/// <summary>What a folder holds: solution and project files, and the .cs files (bin/obj and hidden folders skipped).</summary>
public static class WorkspaceScanner
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "node_modules", "packages", "artifacts", "TestResults",
    };

    public static bool IsSkippedDirectoryName(string name) => SkippedDirectories.Contains(name) || name.StartsWith('.');

    /// <summary>True when some folder between <paramref name="root"/> and the file is skipped (bin, obj, .git, ...).</summary>
    public static bool IsUnderSkippedDirectory(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return false;
        }

        var parts = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (IsSkippedDirectoryName(parts[i])) return true;
        }

        return false;
    }

    /// <summary>The .cs files under the folder, breadth-first, within the limits.</summary>
    public static List<string> FindSourceFiles(string root, WorkspaceLimits limits, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        foreach (var file in Walk(root, "*.cs", cancellationToken))
        {
            if (!file.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)) continue;
            try
            {
                if (new FileInfo(file).Length > limits.MaxFileBytes) continue;
            }
            catch (IOException)
            {
                continue;
            }

            files.Add(file);
            if (files.Count >= limits.MaxFiles) break;
        }

        return files;
    }

    /// <summary>
    /// What MSBuild should load for the folder: a solution (.slnx or .sln) in the folder itself or, failing that, one
    /// or two levels down; otherwise every .csproj under it (within the limit). Empty when there is none.
    /// </summary>
    public static IReadOnlyList<string> FindProjectEntryPoints(string root, WorkspaceLimits limits, CancellationToken cancellationToken)
    {
        foreach (var depth in new[] { 0, 1, 2 })
        {
            var solutions = FilesAtDepth(root, depth, cancellationToken)
                .Where(f => f.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (solutions.Count > 0)
            {
                // Prefer the solution named like the folder, then .slnx, then the shortest name.
                var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
                var best = solutions
                    .OrderByDescending(s => string.Equals(Path.GetFileNameWithoutExtension(s), folderName, StringComparison.OrdinalIgnoreCase))
                    .ThenByDescending(s => s.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
                    .ThenBy(s => Path.GetFileName(s).Length)
                    .ThenBy(s => s, StringComparer.Ordinal)
                    .First();
                return [best];
            }
        }

        return Walk(root, "*.csproj", cancellationToken).Where(IsProjectFile).Take(limits.MaxProjects).ToList();
    }

    /// <summary>True when some project file under the folder switches implicit usings on.</summary>
    public static bool UsesImplicitUsings(string root, CancellationToken cancellationToken)
    {
        foreach (var project in Walk(root, "*.csproj", cancellationToken).Where(IsProjectFile).Take(50))
        {
            try
            {
                var text = File.ReadAllText(project);
                if (text.Contains("<ImplicitUsings>enable</ImplicitUsings>", StringComparison.OrdinalIgnoreCase)
                    || text.Contains("<ImplicitUsings>true</ImplicitUsings>", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            catch (IOException)
            {
            }
        }

        return false;
    }

    private static bool IsProjectFile(string path) => path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> FilesAtDepth(string root, int depth, CancellationToken cancellationToken)
    {
        IEnumerable<string> directories = [root];
        for (var i = 0; i < depth; i++)
        {
            directories = directories.SelectMany(d => SafeDirectories(d)).Where(d => !IsSkippedDirectoryName(Path.GetFileName(d))).ToList();
        }

        foreach (var directory in directories)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var file in SafeFiles(directory, "*.sln*")) yield return file;
        }
    }

    private static IEnumerable<string> Walk(string root, string pattern, CancellationToken cancellationToken)
    {
        var queue = new Queue<string>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = queue.Dequeue();
            foreach (var file in SafeFiles(directory, pattern).OrderBy(f => f, StringComparer.Ordinal))
            {
                yield return file;
            }

            foreach (var child in SafeDirectories(directory).OrderBy(d => d, StringComparer.Ordinal))
            {
                if (!IsSkippedDirectoryName(Path.GetFileName(child)))
                {
                    queue.Enqueue(child);
                }
            }
        }
    }

    private static IEnumerable<string> SafeFiles(string directory, string pattern)
    {
        try
        {
            return Directory.GetFiles(directory, pattern);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<string> SafeDirectories(string directory)
    {
        try
        {
            // Symbolic links to folders are not followed (cycles, huge trees outside the workspace).
            return new DirectoryInfo(directory).GetDirectories().Where(d => d.LinkTarget is null).Select(d => d.FullName).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
