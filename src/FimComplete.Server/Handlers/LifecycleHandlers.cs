using System.Reflection;
using System.Text.Json;
using FimComplete.Protocol;
using FimComplete.Server.Client;
using FimComplete.Server.Completion;
using FimComplete.Server.Configuration;
using FimComplete.Server.Dispatch;
using FimComplete.Server.Logging;
using FimComplete.Server.Model;
using FimComplete.Server.Workspace;

namespace FimComplete.Server.Handlers;

[LspMethod(LspMethods.Initialize, MutatesState = true)]
public sealed class InitializeHandler(
    LspLifecycle lifecycle,
    ClientSession session,
    ConfigurationManager configuration,
    ServerOptions options,
    ServerLogger logger,
    Action attachClientLog) : IRequestHandler<InitializeParams, InitializeResult>
{
    public Task<InitializeResult> HandleRequestAsync(InitializeParams request, CancellationToken cancellationToken)
    {
        lifecycle.OnInitialize();
        attachClientLog();
        var initializationOptions = ReadInitializationOptions(request.InitializationOptions, logger);
        session.Initialize(request, initializationOptions);
        logger.Info(
            $"initialize from {request.ClientInfo?.Name ?? "an unnamed client"} {request.ClientInfo?.Version}; "
            + $"workspace: {(session.WorkspaceFolders.Count == 0 ? "none" : string.Join(", ", session.WorkspaceFolders.Select(f => f.Uri)))}");
        if (initializationOptions.Settings is { ValueKind: JsonValueKind.Object } settings)
        {
            configuration.Apply(FimSettingsParser.FindSection(settings) ?? settings, "initializationOptions");
        }

        string version = options.ServerVersion
            ?? typeof(InitializeHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "0.0.0";
        var result = new InitializeResult(
            new ServerCapabilities
            {
                PositionEncoding = "utf-16",
                TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, TextDocumentSyncKind.Incremental, new SaveOptions(IncludeText: false)),
                InlineCompletionProvider = true,
                Workspace = new ServerWorkspaceCapabilities(new WorkspaceFoldersServerCapabilities(Supported: true, ChangeNotifications: true)),
            },
            new ServerInfo(options.ServerName, version));
        return Task.FromResult(result);
    }

    private static FimInitializationOptions ReadInitializationOptions(JsonElement? value, ServerLogger logger)
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            return new FimInitializationOptions();
        }

        string? modelPath = null;
        if (element.TryGetProperty("modelPath", out var path))
        {
            if (path.ValueKind == JsonValueKind.String)
            {
                modelPath = path.GetString();
            }
            else if (path.ValueKind != JsonValueKind.Null)
            {
                logger.Warning("initializationOptions.modelPath is not a string; ignored.");
            }
        }

        JsonElement? settings = element.TryGetProperty("settings", out var s) && s.ValueKind == JsonValueKind.Object ? s.Clone() : null;

        // Only an explicit true trusts the workspace: anything else (absent, null, "true", 1) leaves it untrusted.
        bool trusted = element.TryGetProperty("workspaceTrusted", out var t) && t.ValueKind == JsonValueKind.True;
        if (element.TryGetProperty("workspaceTrusted", out t) && t.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            logger.Warning($"initializationOptions.workspaceTrusted is {t.GetRawText()}, not a boolean: the workspace is treated as untrusted.");
        }

        return new FimInitializationOptions(modelPath, settings, trusted);
    }
}

[LspMethod(LspMethods.Initialized, MutatesState = true)]
public sealed class InitializedHandler(
    LspLifecycle lifecycle,
    ModelSettingsSync modelSettings,
    WorkspaceFolderPublisher workspaceFolders,
    ServerLogger logger,
    CancellationToken lifetime) : INotificationHandler<EmptyParams>
{
    public Task HandleNotificationAsync(EmptyParams notification, CancellationToken cancellationToken)
    {
        if (!lifecycle.OnInitialized())
        {
            // A second 'initialized' would reload the workspace and restart the model load; the client is confused.
            logger.Warning("Ignoring a repeated 'initialized' notification.");
            return Task.CompletedTask;
        }

        workspaceFolders.Publish();

        // In the background: pulling settings waits for the client, and loading the model takes a while.
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await modelSettings.StartAsync(lifetime).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
                {
                }
#pragma warning disable CA1031 // Logged; the server keeps answering (with no items).
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.Error($"Start-up failed: {ex}");
                }
            },
            lifetime);
        return Task.CompletedTask;
    }
}

[LspMethod(LspMethods.Shutdown, MutatesState = true)]
public sealed class ShutdownHandler(LspLifecycle lifecycle, InlineCompletionService completions, ServerLogger logger)
    : IRequestHandler<EmptyParams, object?>
{
    public Task<object?> HandleRequestAsync(EmptyParams request, CancellationToken cancellationToken)
    {
        lifecycle.OnShutdown();
        completions.CancelRunning(uri: null);
        logger.Info("shutdown");
        return Task.FromResult<object?>(null);
    }
}

[LspMethod(LspMethods.Exit, MutatesState = true)]
public sealed class ExitHandler(LspLifecycle lifecycle, ServerLogger logger) : INotificationHandler<EmptyParams>
{
    public Task HandleNotificationAsync(EmptyParams notification, CancellationToken cancellationToken)
    {
        logger.Info(lifecycle.ShutdownRequested ? "exit" : "exit without shutdown (exit code 1)");
        lifecycle.OnExit();
        return Task.CompletedTask;
    }
}

/// <summary><c>$/setTrace</c>: accepted and ignored (the server's log level is not client-controlled).</summary>
[LspMethod(LspMethods.SetTrace)]
public sealed class SetTraceHandler : INotificationHandler<EmptyParams>
{
    public Task HandleNotificationAsync(EmptyParams notification, CancellationToken cancellationToken) => Task.CompletedTask;
}
