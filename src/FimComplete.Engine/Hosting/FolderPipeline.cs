using FimComplete.Engine.Api;
using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Hosting;

/// <summary>A pipeline with the folder workspace it owns. Documents reach the workspace and the adaptation as the
/// server's host passes the editor's open documents on.</summary>
public sealed class FolderPipeline(CompletionEngine engine, CodeWorkspace workspace) : IDocumentSink, IDisposable
{
    public CompletionEngine Engine { get; } = engine;

    public void DocumentOpened(string path, string text)
    {
        workspace.DocumentOpened(path, text);
        Engine.Adaptation?.DocumentOpened(path, text);
    }

    public void DocumentChanged(string path, string text)
    {
        workspace.DocumentChanged(path, text);
        Engine.Adaptation?.DocumentChanged(path, text);
    }

    public void DocumentClosed(string path)
    {
        workspace.DocumentClosed(path);
        Engine.Adaptation?.DocumentClosed(path);
    }

    public void Dispose() => workspace.Dispose();
}
