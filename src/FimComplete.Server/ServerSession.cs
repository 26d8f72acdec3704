using System.Diagnostics;
using FimComplete.Engine.Api;
using FimComplete.Protocol;
using FimComplete.Server.Client;
using FimComplete.Server.Completion;
using FimComplete.Server.Configuration;
using FimComplete.Server.Dispatch;
using FimComplete.Server.Documents;
using FimComplete.Server.Framing;
using FimComplete.Server.Handlers;
using FimComplete.Server.Logging;
using FimComplete.Server.Model;
using FimComplete.Server.Workspace;
using StreamJsonRpc;

namespace FimComplete.Server;

/// <summary>One language server session over a pair of streams: JSON-RPC plumbing, services and handlers.</summary>
public sealed class ServerSession : IAsyncDisposable
{
    private readonly CancellationTokenSource lifetimeSource = new();
    private readonly ServerLogger logger;
    private readonly JsonRpc rpc;
    private readonly RequestQueue queue;
    private readonly ClientConnection client;
    private readonly ModelController model;
    private readonly InlineCompletionService completions;
    private readonly EngineDocumentSync engineDocuments;
    private Task? queueTask;
    private Task? clientTask;
    private Task? engineDocumentsTask;
    private bool disposed;

    public ServerSession(Stream input, Stream output, ServerOptions options, IEngineHost host, ServerLogger logger)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var lifetime = this.lifetimeSource.Token;

        var formatter = new SystemTextJsonFormatter();
        LspJson.Configure(formatter.JsonSerializerOptions);
        var handler = new LspMessageHandler(output, input, formatter, message => logger.Warning(message));
        this.rpc = new JsonRpc(handler)
        {
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        };
        this.rpc.TraceSource = new TraceSource("StreamJsonRpc", SourceLevels.Warning);
        this.rpc.TraceSource.Listeners.Clear();
        this.rpc.TraceSource.Listeners.Add(new LoggerTraceListener(logger));
        this.rpc.Disconnected += (_, e) => logger.Write(
            e.Reason is DisconnectedReason.RemotePartyTerminated or DisconnectedReason.LocallyDisposed ? MessageType.Info : MessageType.Warning,
            $"Connection closed: {e.Reason} {e.Description}",
            toClient: false);

        this.Lifecycle = new LspLifecycle();
        this.Documents = new DocumentStore();
        this.engineDocuments = new EngineDocumentSync(host, logger);
        this.queue = new RequestQueue(logger);
        this.client = new ClientConnection(this.rpc, logger);
        var session = new ClientSession();
        var configuration = new ConfigurationManager(options, session, logger);
        configuration.AttachClient(this.client);
        var cache = new TypingThroughCache();
        this.model = new ModelController(host, this.client, session, logger, lifetime);
        this.completions = new InlineCompletionService(this.Documents, host, this.model, configuration, cache, logger, lifetime);
        var modelSettings = new ModelSettingsSync(configuration, this.model, cache);

        var workspaceFolders = new WorkspaceFolderPublisher(session, host, logger);
        var handlers = new HandlerRegistry(this.rpc, this.queue, this.Lifecycle, logger);
        handlers.AddRequest(new InitializeHandler(this.Lifecycle, session, configuration, options, logger, () => logger.AttachClient(this.client.LogMessage)));
        handlers.AddNotification(new InitializedHandler(this.Lifecycle, modelSettings, workspaceFolders, logger, lifetime));
        handlers.AddRequest(new ShutdownHandler(this.Lifecycle, this.completions, logger));
        handlers.AddNotification(new ExitHandler(this.Lifecycle, logger));
        handlers.AddNotification(new SetTraceHandler());
        handlers.AddNotification(new DidOpenHandler(this.Documents, this.engineDocuments, cache, logger));
        handlers.AddNotification(new DidChangeHandler(this.Documents, this.engineDocuments, logger));
        handlers.AddNotification(new DidCloseHandler(this.Documents, this.engineDocuments, cache, this.completions));
        handlers.AddNotification(new DidSaveHandler());
        handlers.AddRequest(new InlineCompletionHandler(this.completions));
        handlers.AddNotification(new PrefillHandler(this.completions));
        handlers.AddNotification(new DidChangeConfigurationHandler(configuration, logger, lifetime));
        handlers.AddNotification(new DidChangeWorkspaceFoldersHandler(session, workspaceFolders));
        handlers.AddRequest(new ModelInfoHandler(this.model));
        handlers.AddRequest(new SetApiKeyHandler(configuration));
        handlers.AddNotification(new WorkspaceTrustedHandler(session, workspaceFolders, logger));
        var debugRequests = new DebugRequestGate(options, configuration);
        handlers.AddRequest(new DocumentTextHandler(this.Documents, this.engineDocuments, debugRequests));
        handlers.AddRequest(new DebugMemoryHandler(debugRequests));
    }

    public LspLifecycle Lifecycle { get; }

    public DocumentStore Documents { get; }

    /// <summary>
    /// Serves until <c>exit</c> (exit code 0 after <c>shutdown</c>, 1 without), the end of the input (same rule) or
    /// <paramref name="cancellationToken"/> (1 unless shut down).
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        var lifetime = this.lifetimeSource.Token;
        this.queueTask = Task.Run(() => this.queue.RunAsync(lifetime), CancellationToken.None);
        this.clientTask = Task.Run(() => this.client.RunAsync(lifetime), CancellationToken.None);
        this.engineDocumentsTask = Task.Run(() => this.engineDocuments.RunAsync(lifetime), CancellationToken.None);
        this.rpc.StartListening();
        this.logger.Info("Language server started.");

        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult()))
        {
            var finished = await Task.WhenAny(this.Lifecycle.Exited, this.rpc.Completion, cancelled.Task).ConfigureAwait(false);
            if (finished == this.rpc.Completion)
            {
                try
                {
                    await this.rpc.Completion.ConfigureAwait(false);
                }
#pragma warning disable CA1031 // How the connection ended is logged by the Disconnected handler.
                catch (Exception)
#pragma warning restore CA1031
                {
                }

                this.logger.Write(MessageType.Info, "The input ended.", toClient: false);
            }
        }

        int exitCode = this.Lifecycle.Exited.IsCompletedSuccessfully ? this.Lifecycle.Exited.Result : (this.Lifecycle.ShutdownRequested ? 0 : 1);
        this.logger.Write(MessageType.Info, $"Language server stopping (exit code {exitCode}).", toClient: false);
        return exitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (this.disposed)
        {
            return;
        }

        this.disposed = true;
        this.logger.DetachClient();
        this.lifetimeSource.Cancel();
        this.completions.CancelRunning(uri: null);
        this.queue.Complete();
        this.client.Complete();
        this.model.Dispose();
        foreach (var task in new[] { this.queueTask, this.clientTask, this.engineDocumentsTask })
        {
            if (task is not null)
            {
                try
                {
                    await task.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Shutting down: failures here are of no interest.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        this.rpc.Dispose();
        this.lifetimeSource.Dispose();
    }

    /// <summary>Forwards StreamJsonRpc's warnings and errors to the log (stderr only).</summary>
    private sealed class LoggerTraceListener(ServerLogger logger) : TraceListener
    {
        /// <summary>
        /// Events that only repeat what the handlers already logged: every error response the handlers throw
        /// (a <see cref="LocalRpcException"/>: bad params, wrong state) would otherwise add a stack trace and a
        /// "not serializable" warning to the log, about 2 KB per bad request.
        /// </summary>
        private static bool IsNoise(int id, string message) =>
            id == (int)JsonRpc.TraceEvents.ExceptionNotSerializable
            || (id == (int)JsonRpc.TraceEvents.LocalInvocationError && message.Contains(nameof(LocalRpcException), StringComparison.Ordinal));

        public override void Write(string? message)
        {
        }

        public override void WriteLine(string? message)
        {
        }

        public override void TraceEvent(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, string? message)
        {
            if (eventType <= TraceEventType.Warning && message is not null && !IsNoise(id, message))
            {
                logger.Write(eventType <= TraceEventType.Error ? MessageType.Error : MessageType.Warning, $"StreamJsonRpc: {message}", toClient: false);
            }
        }

        public override void TraceEvent(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, string? format, params object?[]? args)
        {
            if (eventType <= TraceEventType.Warning && format is not null)
            {
                string message = args is { Length: > 0 } ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args) : format;
                if (IsNoise(id, message))
                {
                    return;
                }

                logger.Write(eventType <= TraceEventType.Error ? MessageType.Error : MessageType.Warning, $"StreamJsonRpc: {message}", toClient: false);
            }
        }
    }
}
