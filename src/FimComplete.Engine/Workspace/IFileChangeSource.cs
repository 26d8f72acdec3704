namespace FimComplete.Engine.Workspace;

/// <summary>Reports files changed under a workspace folder (created, changed, deleted, renamed: each path touched).</summary>
public interface IFileChangeSource
{
    /// <summary>Starts reporting the changes under <paramref name="folder"/> (subfolders included) until the handle is
    /// disposed. Throws <see cref="IOException"/>, <see cref="ArgumentException"/>, <see cref="PlatformNotSupportedException"/>
    /// or <see cref="UnauthorizedAccessException"/> when the folder cannot be watched.</summary>
    IDisposable Watch(string folder, Action<string> changed, Action<Exception> failed);
}
