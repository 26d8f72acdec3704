namespace FimComplete.Engine.Workspace;

/// <summary>File changes on disk, from a <see cref="FileSystemWatcher"/> per folder.</summary>
public sealed class FileSystemWatcherSource : IFileChangeSource
{
    public static FileSystemWatcherSource Instance { get; } = new();

    private FileSystemWatcherSource()
    {
    }

    public IDisposable Watch(string folder, Action<string> changed, Action<Exception> failed)
    {
        var watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
        };
        watcher.Changed += (_, e) => changed(e.FullPath);
        watcher.Created += (_, e) => changed(e.FullPath);
        watcher.Deleted += (_, e) => changed(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            changed(e.OldFullPath);
            changed(e.FullPath);
        };
        watcher.Error += (_, e) => failed(e.GetException());
        watcher.EnableRaisingEvents = true;
        return new Subscription(watcher);
    }

    private sealed class Subscription(FileSystemWatcher watcher) : IDisposable
    {
        public void Dispose()
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }
    }
}
