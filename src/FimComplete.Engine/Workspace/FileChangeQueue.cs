using System.Collections.Concurrent;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// Watches the workspace folders (through an <see cref="IFileChangeSource"/>) and queues the .cs, project and solution
/// files that changed; a short pause after the last change hands the batch to the workspace, so a save that touches
/// a file several times is applied once.
/// </summary>
internal sealed class FileChangeQueue : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly IFileChangeSource _source;
    private readonly Action<string> _log;
    private readonly ConcurrentQueue<string> _paths = new();
    private readonly List<IDisposable> _watches = [];
    private readonly Timer _timer;

    /// <param name="changed">Called (on a timer thread) once the changes have settled; it takes them with <see cref="TakeAll"/>.</param>
    public FileChangeQueue(IFileChangeSource source, Action changed, Action<string> log)
    {
        _source = source;
        _log = log;
        _timer = new Timer(_ => changed(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public static bool IsProjectSystemFile(string path) =>
        path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    public void Start(IReadOnlyList<string> folders)
    {
        foreach (var folder in folders)
        {
            try
            {
                var watch = _source.Watch(folder, Enqueue, ex => _log($"File watcher error in {folder}: {ex.Message}"));
                lock (_gate) _watches.Add(watch);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                _log($"Not watching {folder} for changes: {ex.Message}");
            }
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            foreach (var watch in _watches)
            {
                watch.Dispose();
            }

            _watches.Clear();
        }
    }

    /// <summary>The paths changed since the last call (each once).</summary>
    public HashSet<string> TakeAll(IEqualityComparer<string> comparer)
    {
        var paths = new HashSet<string>(comparer);
        while (_paths.TryDequeue(out var path)) paths.Add(path);
        return paths;
    }

    private void Enqueue(string path)
    {
        if (path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || IsProjectSystemFile(path))
        {
            _paths.Enqueue(path);
            try
            {
                _timer.Change(Debounce, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose()
    {
        Stop();
        _timer.Dispose();
    }
}
