using System.Text;
using FimComplete.Engine.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Tests.Support;

/// <summary>
/// Workspace files held in memory, so the workspace and the completion core run without the disk. Give it a root that
/// does not exist on disk: a part that still reads the disk then finds nothing, and the test fails.
/// </summary>
internal sealed class InMemoryFileSystem : IWorkspaceFileSystem
{
    private static readonly StringComparer PathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly object _gate = new();
    private readonly Dictionary<string, string> _files = new(PathComparer);
    private readonly List<string> _reads = [];

    /// <summary>A root folder that does not exist on this machine.</summary>
    public static string NonexistentRoot()
    {
        var root = Path.Combine(Path.GetPathRoot(Path.GetTempPath())!, $"fim-in-memory-{Guid.NewGuid():N}");
        if (Directory.Exists(root))
        {
            throw new InvalidOperationException($"{root} exists on disk");
        }

        return root;
    }

    /// <summary>Every path whose text the workspace read (scanned files are read when Roslyn asks for them).</summary>
    public IReadOnlyList<string> Reads
    {
        get
        {
            lock (_gate) return [.. _reads];
        }
    }

    public string Write(string path, string text)
    {
        var full = Path.GetFullPath(path);
        lock (_gate) _files[full] = text;
        return full;
    }

    public bool Delete(string path)
    {
        lock (_gate) return _files.Remove(Path.GetFullPath(path));
    }

    public bool DirectoryExists(string path)
    {
        var prefix = Path.TrimEndingDirectorySeparator(path) + Path.DirectorySeparatorChar;
        lock (_gate) return _files.Keys.Any(f => f.StartsWith(prefix, StringComparison.Ordinal));
    }

    public bool FileExists(string path)
    {
        lock (_gate) return _files.ContainsKey(path);
    }

    /// <summary>The .cs files under the folder breadth-first (a folder's files by name, then its subfolders by name), as
    /// the disk scan takes them: skipped folders, the size limit and the file limit apply.</summary>
    public SourceScan ScanSourceFiles(string root, WorkspaceLimits limits, CancellationToken cancellationToken)
    {
        var taken = new List<string>();
        var skipped = new List<SkippedSourceFile>();
        int found = 0, large = 0, binary = 0;
        var limitReached = false;
        foreach (var file in Walk(root, ".cs"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = Encoding.UTF8.GetBytes(Text(file));
            if (bytes.Length > limits.MaxFileBytes)
            {
                large++;
                skipped.Add(new SkippedSourceFile(file, $"{bytes.Length:N0} bytes, more than the limit of {limits.MaxFileBytes:N0}"));
                continue;
            }

            if (WorkspaceScanner.LooksBinary(bytes.AsSpan(0, Math.Min(WorkspaceScanner.BinaryProbeBytes, bytes.Length)), bytes.Length <= WorkspaceScanner.BinaryProbeBytes))
            {
                binary++;
                skipped.Add(new SkippedSourceFile(file, "binary content"));
                continue;
            }

            found++;
            if (taken.Count >= limits.MaxFiles)
            {
                limitReached = true;
                continue;
            }

            taken.Add(file);
        }

        return new SourceScan(root, taken, found, limitReached, limits.MaxFiles, binary, large, 0, skipped);
    }

    /// <summary>A solution in the folder itself, else its project files.</summary>
    public IReadOnlyList<string> FindProjectEntryPoints(string root, WorkspaceLimits limits, CancellationToken cancellationToken)
    {
        var solutions = Walk(root, ".sln").Concat(Walk(root, ".slnx")).Where(f => PathComparer.Equals(Path.GetDirectoryName(f), root)).ToList();
        return solutions.Count > 0 ? [solutions[0]] : Walk(root, ".csproj").Take(limits.MaxProjects).ToList();
    }

    public bool UsesImplicitUsings(string root, CancellationToken cancellationToken) =>
        Walk(root, ".csproj").Any(p => Text(p) is var text
            && (text.Contains("<ImplicitUsings>enable</ImplicitUsings>", StringComparison.OrdinalIgnoreCase)
                || text.Contains("<ImplicitUsings>true</ImplicitUsings>", StringComparison.OrdinalIgnoreCase)));

    public string? TryReadSource(string path, WorkspaceLimits limits, out string? reason)
    {
        string? text;
        lock (_gate) _files.TryGetValue(path, out text);
        if (text is null)
        {
            reason = "not found";
            return null;
        }

        reason = null;
        return Read(path);
    }

    public bool LinksOutside(string root, string path) => false;

    public TextLoader CreateLoader(string path) => new Loader(this, path);

    private string Text(string path)
    {
        lock (_gate) return _files[path];
    }

    private string Read(string path)
    {
        lock (_gate)
        {
            _reads.Add(path);
            return _files[path];
        }
    }

    private List<string> Walk(string root, string extension)
    {
        List<string> paths;
        lock (_gate) paths = [.. _files.Keys];
        var result = new List<string>();
        var queue = new Queue<string>([root]);
        while (queue.Count > 0)
        {
            var directory = queue.Dequeue();
            var here = paths.Where(p => PathComparer.Equals(Path.GetDirectoryName(p), directory)).ToList();
            result.AddRange(here.Where(p => p.EndsWith(extension, StringComparison.OrdinalIgnoreCase)).OrderBy(p => p, StringComparer.Ordinal));
            var children = paths.Select(p => ChildOf(directory, p)).OfType<string>().Distinct(PathComparer)
                .Where(c => !WorkspaceScanner.IsSkippedDirectoryName(Path.GetFileName(c)))
                .OrderBy(c => c, StringComparer.Ordinal);
            foreach (var child in children) queue.Enqueue(child);
        }

        return result;
    }

    /// <summary>The subfolder of <paramref name="directory"/> on the way to <paramref name="path"/>, if any.</summary>
    private static string? ChildOf(string directory, string path)
    {
        var prefix = directory + Path.DirectorySeparatorChar;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var next = path.IndexOf(Path.DirectorySeparatorChar, prefix.Length);
        return next < 0 ? null : path[..next];
    }

    private sealed class Loader(InMemoryFileSystem files, string path) : TextLoader
    {
        public override Task<TextAndVersion> LoadTextAndVersionAsync(LoadTextOptions options, CancellationToken cancellationToken) =>
            Task.FromResult(TextAndVersion.Create(SourceText.From(files.Read(path), Encoding.UTF8), VersionStamp.Create(), path));
    }
}

/// <summary>File changes a test raises by hand.</summary>
internal sealed class InMemoryFileChanges : IFileChangeSource
{
    private readonly object _gate = new();
    private readonly List<(string Folder, Action<string> Changed)> _watches = [];

    public int Watching
    {
        get
        {
            lock (_gate) return _watches.Count;
        }
    }

    public IDisposable Watch(string folder, Action<string> changed, Action<Exception> failed)
    {
        var watch = (folder, changed);
        lock (_gate) _watches.Add(watch);
        return new Unwatch(() =>
        {
            lock (_gate) _watches.Remove(watch);
        });
    }

    public void Raise(string path)
    {
        List<Action<string>> targets;
        lock (_gate) targets = _watches.Where(w => path.StartsWith(w.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)).Select(w => w.Changed).ToList();
        foreach (var changed in targets) changed(path);
    }

    private sealed class Unwatch(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>A project loader that must not be used (an untrusted workspace never loads projects).</summary>
internal sealed class RecordingProjectLoader : IProjectLoader
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<LoadedProjects?> LoadAsync(IReadOnlyList<string> folders, IReadOnlyList<string> entryPoints, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult<LoadedProjects?>(null);
    }
}
