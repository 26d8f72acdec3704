using FimComplete.Engine.Api;
using FimComplete.Protocol;
using FimComplete.Server.Completion;
using FimComplete.Server.Dispatch;
using FimComplete.Server.Documents;
using FimComplete.Server.Logging;

namespace FimComplete.Server.Handlers;

[LspMethod(LspMethods.TextDocumentDidOpen, MutatesState = true)]
public sealed class DidOpenHandler(DocumentStore documents, EngineDocumentSync engine, TypingThroughCache cache, ServerLogger logger)
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

        documents.TryGet(item.Uri, out var previous);
        var snapshot = documents.Open(item);
        cache.Forget(item.Uri);
        if (ServerLimits.FitsEngine(snapshot.Text))
        {
            return engine.OpenedAsync(snapshot.Path, snapshot.Text);
        }

        SinkCalls.TooLarge(logger, snapshot);
        return previous is not null && ServerLimits.FitsEngine(previous.Text) ? engine.ClosedAsync(previous.Path) : Task.CompletedTask;
    }
}

[LspMethod(LspMethods.TextDocumentDidChange, MutatesState = true)]
public sealed class DidChangeHandler(DocumentStore documents, EngineDocumentSync engine, ServerLogger logger)
    : INotificationHandler<DidChangeTextDocumentParams>
{
    public Task HandleNotificationAsync(DidChangeTextDocumentParams notification, CancellationToken cancellationToken)
    {
        string uri = notification.TextDocument.Uri;
        bool wasServed = documents.TryGet(uri, out var previous) && ServerLimits.FitsEngine(previous.Text);
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

        bool isServed = ServerLimits.FitsEngine(snapshot.Text);
        if (wasServed && isServed)
        {
            return engine.ChangedAsync(snapshot.Path, snapshot.Text);
        }

        if (wasServed)
        {
            SinkCalls.TooLarge(logger, snapshot);
            return engine.ClosedAsync(snapshot.Path);
        }

        if (isServed)
        {
            logger.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{uri} is back within {ServerLimits.MaxEngineDocumentLength:N0} characters; completions resume."));
            return engine.OpenedAsync(snapshot.Path, snapshot.Text);
        }

        return Task.CompletedTask;
    }
}

[LspMethod(LspMethods.TextDocumentDidClose, MutatesState = true)]
public sealed class DidCloseHandler(DocumentStore documents, EngineDocumentSync engine, TypingThroughCache cache, InlineCompletionService completions)
    : INotificationHandler<DidCloseTextDocumentParams>
{
    public Task HandleNotificationAsync(DidCloseTextDocumentParams notification, CancellationToken cancellationToken)
    {
        string uri = notification.TextDocument.Uri;
        var removed = documents.Close(uri);
        cache.Forget(uri);
        completions.CancelRunning(uri);
        return removed is not null && ServerLimits.FitsEngine(removed.Text) ? engine.ClosedAsync(removed.Path) : Task.CompletedTask;
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
    /// <summary>Says why a document gets no completions (see <see cref="ServerLimits.MaxEngineDocumentLength"/>).</summary>
    public static void TooLarge(ServerLogger logger, DocumentSnapshot snapshot) =>
        logger.Warning(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{snapshot.Uri} has {snapshot.Text.Length:N0} characters, more than the {ServerLimits.MaxEngineDocumentLength:N0} the completion engine takes: no completions for it (it stays synchronised)."));

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
