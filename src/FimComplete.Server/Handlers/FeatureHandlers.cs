using FimComplete.Protocol;
using FimComplete.Server.Client;
using FimComplete.Server.Completion;
using FimComplete.Server.Configuration;
using FimComplete.Server.Dispatch;
using FimComplete.Server.Documents;
using FimComplete.Server.Logging;
using FimComplete.Server.Model;
using FimComplete.Server.Workspace;

namespace FimComplete.Server.Handlers;

[LspMethod(LspMethods.TextDocumentInlineCompletion)]
public sealed class InlineCompletionHandler(InlineCompletionService completions) : IRequestHandler<InlineCompletionParams, InlineCompletionList>
{
    public Task<InlineCompletionList> HandleRequestAsync(InlineCompletionParams request, CancellationToken cancellationToken) =>
        completions.CompleteAsync(request, cancellationToken);
}

/// <summary><c>fimComplete/prefill</c>: the cursor moved to a new line; prepare a request there in the background.</summary>
[LspMethod(LspMethods.FimPrefill, MutatesState = true)]
public sealed class PrefillHandler(InlineCompletionService completions) : INotificationHandler<PrefillParams>
{
    public Task HandleNotificationAsync(PrefillParams notification, CancellationToken cancellationToken)
    {
        completions.Prefill(notification.TextDocument.Uri, notification.Position);
        return Task.CompletedTask;
    }
}

[LspMethod(LspMethods.WorkspaceDidChangeConfiguration, MutatesState = true)]
public sealed class DidChangeConfigurationHandler(ConfigurationManager configuration, ServerLogger logger, CancellationToken lifetime)
    : INotificationHandler<DidChangeConfigurationParams>
{
    public Task HandleNotificationAsync(DidChangeConfigurationParams notification, CancellationToken cancellationToken)
    {
        var section = FimSettingsParser.FindSection(notification.Settings);
        if (section is not null)
        {
            configuration.Apply(section.Value.Clone(), LspMethods.WorkspaceDidChangeConfiguration);
            return Task.CompletedTask;
        }

        // No settings in the notification: ask for them (in the background; the answer comes through the same connection).
        _ = Task.Run(
            async () =>
            {
                if (!await configuration.PullAsync(lifetime).ConfigureAwait(false))
                {
                    logger.Log("didChangeConfiguration without fimComplete settings, and nothing was pulled.");
                }
            },
            lifetime);
        return Task.CompletedTask;
    }
}

/// <summary><c>fimComplete/setApiKey</c>: the remote backend's key (from the extension's SecretStorage); the model
/// reloads with it when a remote backend is configured.</summary>
[LspMethod(LspMethods.FimSetApiKey, MutatesState = true)]
public sealed class SetApiKeyHandler(ConfigurationManager configuration) : IRequestHandler<SetApiKeyParams, object?>
{
    public Task<object?> HandleRequestAsync(SetApiKeyParams request, CancellationToken cancellationToken)
    {
        configuration.SetApiKey(request.ApiKey);
        return Task.FromResult<object?>(null);
    }
}

[LspMethod(LspMethods.FimModelInfo)]
public sealed class ModelInfoHandler(ModelController model) : IRequestHandler<EmptyParams, FimModelInfo?>
{
    public Task<FimModelInfo?> HandleRequestAsync(EmptyParams request, CancellationToken cancellationToken) => Task.FromResult(model.GetModelInfo());
}

/// <summary>
/// <c>fimComplete/debug/documentText</c>: the server's copy of a document (null when not open), to check text
/// synchronisation. Answers once the document updates received before it have reached the engine, so that a client
/// (a test) can then also rely on the engine's view.
/// </summary>
[LspMethod(LspMethods.FimDebugDocumentText)]
public sealed class DocumentTextHandler(DocumentStore documents, EngineDocumentSync engine, DebugRequestGate gate) : IRequestHandler<DocumentTextParams, string?>
{
    public async Task<string?> HandleRequestAsync(DocumentTextParams request, CancellationToken cancellationToken)
    {
        gate.EnsureEnabled(LspMethods.FimDebugDocumentText);
        string? text = documents.TryGet(request.Uri, out var snapshot) ? snapshot.Text : null;
        await engine.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        return text;
    }
}

[LspMethod(LspMethods.WorkspaceDidChangeWorkspaceFolders, MutatesState = true)]
public sealed class DidChangeWorkspaceFoldersHandler(ClientSession session, WorkspaceFolderPublisher workspaceFolders)
    : INotificationHandler<DidChangeWorkspaceFoldersParams>
{
    public Task HandleNotificationAsync(DidChangeWorkspaceFoldersParams notification, CancellationToken cancellationToken)
    {
        session.ChangeWorkspaceFolders(notification.Event);
        workspaceFolders.Publish();
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>fimComplete/debug/memory</c>: memory counters, optionally after a full compacting collection (the soak test uses
/// it to tell a leak from garbage the collector has not needed to reclaim yet).
/// </summary>
[LspMethod(LspMethods.FimDebugMemory)]
public sealed class DebugMemoryHandler(DebugRequestGate gate) : IRequestHandler<DebugMemoryParams, DebugMemoryInfo>
{
    public Task<DebugMemoryInfo> HandleRequestAsync(DebugMemoryParams request, CancellationToken cancellationToken)
    {
        gate.EnsureEnabled(LspMethods.FimDebugMemory);
        if (request.Collect)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var info = GC.GetGCMemoryInfo();
        return Task.FromResult(new DebugMemoryInfo(
            process.WorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            info.TotalCommittedBytes,
            GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(2),
            process.Threads.Count,
            System.Runtime.JitInfo.GetCompiledMethodCount()));
    }
}

/// <summary>
/// <c>fimComplete/workspaceTrusted</c>: the user granted workspace trust (VS Code's <c>onDidGrantWorkspaceTrust</c>); the
/// workspace's projects load with MSBuild from now on, without a restart. A request to withdraw trust is ignored: a
/// client does that by starting a new server.
/// </summary>
[LspMethod(LspMethods.FimWorkspaceTrusted, MutatesState = true)]
public sealed class WorkspaceTrustedHandler(ClientSession session, WorkspaceFolderPublisher workspaceFolders, ServerLogger logger)
    : INotificationHandler<WorkspaceTrustedParams>
{
    public Task HandleNotificationAsync(WorkspaceTrustedParams notification, CancellationToken cancellationToken)
    {
        if (!notification.Trusted)
        {
            logger.Warning($"{LspMethods.FimWorkspaceTrusted} with trusted=false ignored: trust is not withdrawn from a running server (restart it).");
            return Task.CompletedTask;
        }

        if (session.WorkspaceTrusted)
        {
            return Task.CompletedTask;
        }

        session.GrantWorkspaceTrust();
        workspaceFolders.PublishTrust();
        return Task.CompletedTask;
    }
}
