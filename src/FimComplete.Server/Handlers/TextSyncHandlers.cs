using FimComplete.Engine.Api;
using FimComplete.Protocol;
using FimComplete.Server.Completion;
using FimComplete.Server.Dispatch;
using FimComplete.Server.Documents;
using FimComplete.Server.Logging;

namespace FimComplete.Server.Handlers;

[LspMethod(LspMethods.TextDocumentDidOpen, MutatesState = true)]
public sealed class DidOpenHandler(DocumentStore documents, IDocumentSink sink, TypingThroughCache cache, ServerLogger logger)
    : INotificationHandler<DidOpenTextDocumentParams>
{
    public Task HandleNotificationAsync(DidOpenTextDocumentParams notification, CancellationToken cancellationToken)
    {
        var item = notification.TextDocument;
        if (!DocumentUris.IsCSharp(item.Uri, item.LanguageId))
        {
            logger.Log($"Ignoring {item.Uri} ({item.LanguageId}): not C#.");
            return Task.CompletedTask;
        }

        var snapshot = documents.Open(item);
        cache.Forget(item.Uri);
        SinkCalls.Run(logger, "DocumentOpened", snapshot.Path, () => sink.DocumentOpened(snapshot.Path, snapshot.Text));
        return Task.CompletedTask;
    }
}

[LspMethod(LspMethods.TextDocumentDidChange, MutatesState = true)]
public sealed class DidChangeHandler(DocumentStore documents, IDocumentSink sink, ServerLogger logger)
    : INotificationHandler<DidChangeTextDocumentParams>
{
    public Task HandleNotificationAsync(DidChangeTextDocumentParams notification, CancellationToken cancellationToken)
    {
        string uri = notification.TextDocument.Uri;
        var snapshot = documents.Change(uri, notification.TextDocument.Version, notification.ContentChanges, out int clamped);
        if (snapshot is null)
        {
            if (DocumentUris.IsCSharp(uri, languageId: null))
            {
                logger.Warning($"didChange for a document that is not open: {uri}");
            }

            return Task.CompletedTask;
        }

        if (clamped > 0)
        {
            logger.Warning($"didChange {uri} v{notification.TextDocument.Version}: {clamped} change(s) had positions outside the document and were clamped.");
        }

        SinkCalls.Run(logger, "DocumentChanged", snapshot.Path, () => sink.DocumentChanged(snapshot.Path, snapshot.Text));
        return Task.CompletedTask;
    }
}

[LspMethod(LspMethods.TextDocumentDidClose, MutatesState = true)]
public sealed class DidCloseHandler(DocumentStore documents, IDocumentSink sink, TypingThroughCache cache, InlineCompletionService completions, ServerLogger logger)
    : INotificationHandler<DidCloseTextDocumentParams>
{
    public Task HandleNotificationAsync(DidCloseTextDocumentParams notification, CancellationToken cancellationToken)
    {
        string uri = notification.TextDocument.Uri;
        var removed = documents.Close(uri);
        cache.Forget(uri);
        completions.CancelRunning(uri);
        if (removed is not null)
        {
            SinkCalls.Run(logger, "DocumentClosed", removed.Path, () => sink.DocumentClosed(removed.Path));
        }

        return Task.CompletedTask;
    }
}

/// <summary><c>textDocument/didSave</c>: nothing to do (the text is already in sync); registered because the server advertises save.</summary>
[LspMethod(LspMethods.TextDocumentDidSave)]
public sealed class DidSaveHandler : INotificationHandler<DidSaveTextDocumentParams>
{
    public Task HandleNotificationAsync(DidSaveTextDocumentParams notification, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class SinkCalls
{
    /// <summary>Calls the engine's document sink; its failures are logged, never passed on to the client.</summary>
    public static void Run(ServerLogger logger, string what, string path, Action call)
    {
        try
        {
            call();
        }
#pragma warning disable CA1031 // The engine's bookkeeping failing must not break text synchronisation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.Error($"{what}({path}) failed: {ex}");
        }
    }
}
