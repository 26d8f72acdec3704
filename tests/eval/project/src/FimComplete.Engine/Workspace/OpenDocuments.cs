using System.Collections.Concurrent;
using FimComplete.Engine.Api;

namespace FimComplete.Engine.Workspace;

/// <summary>The texts of the documents the editor has open (they override the files on disk).</summary>
public sealed class OpenDocuments : IDocumentSink
{
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    public int Count => _texts.Count;

    public bool TryGet(string path, out string text) => _texts.TryGetValue(path, out text!);

    /// <summary>The open documents now (path, text).</summary>
    public IReadOnlyList<(string Path, string Text)> Snapshot() => _texts.Select(kv => (kv.Key, kv.Value)).ToList();

    public void DocumentOpened(string path, string text) => _texts[path] = text;

    public void DocumentChanged(string path, string text) => _texts[path] = text;

    public void DocumentClosed(string path) => _texts.TryRemove(path, out _);
}
