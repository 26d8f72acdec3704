using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Inference.Remote;
using FimComplete.Protocol;
using FimComplete.Server.Client;
using FimComplete.Server.Logging;

namespace FimComplete.Server.Configuration;

/// <summary>
/// The current settings. Sources, later wins: initializationOptions.settings, then each
/// <c>workspace/didChangeConfiguration</c> (pushed settings) or <c>workspace/configuration</c> answer (pulled).
/// A pull answer that arrives after a newer update is dropped.
/// </summary>
public sealed class ConfigurationManager
{
    private readonly ServerOptions options;
    private readonly ClientSession session;
    private readonly ServerLogger logger;
    private readonly object gate = new();
    private FimSettings current = FimSettings.Default;
    private long generation;
    private ClientConnection? client;
    private string? apiKey;

    public ConfigurationManager(ServerOptions options, ClientSession session, ServerLogger logger)
    {
        this.options = options;
        this.session = session;
        this.logger = logger;
    }

    /// <summary>Raised (old, new) after the settings changed; handlers run on the caller's thread.</summary>
    public event Action<FimSettings, FimSettings>? Changed;

    /// <summary>Raised after <see cref="SetApiKey"/> changed the key.</summary>
    public event Action? ApiKeyChanged;

    /// <summary>The remote backend's API key (<c>fimComplete/setApiKey</c>; kept in memory only, never logged). Null or
    /// empty clears it.</summary>
    public void SetApiKey(string? key)
    {
        key = string.IsNullOrWhiteSpace(key) ? null : key.Trim();
        lock (this.gate)
        {
            if (key == this.apiKey)
            {
                return;
            }

            this.apiKey = key;
        }

        this.logger.Info(key is null ? "API key cleared." : "API key set.");
        this.ApiKeyChanged?.Invoke();
    }

    public FimSettings Current
    {
        get
        {
            lock (this.gate)
            {
                return this.current;
            }
        }
    }

    public void AttachClient(ClientConnection connection) => this.client = connection;

    /// <summary>The model to load for the given settings (see <see cref="FimSettings.ModelPath"/> for the precedence).</summary>
    public ModelSettings GetModelSettings(FimSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string path = !string.IsNullOrWhiteSpace(settings.ModelPath) ? settings.ModelPath
            : !string.IsNullOrWhiteSpace(this.session.InitializationOptions.ModelPath) ? this.session.InitializationOptions.ModelPath!
            : this.options.ModelPath ?? string.Empty;
        string provider = settings.ExecutionProvider != "auto" ? settings.ExecutionProvider : this.options.ExecutionProvider;
        int threads = settings.Threads != 0 ? settings.Threads : this.options.Threads;
        return new ModelSettings(ExpandHome(path), provider, threads, this.options.FimTemplate) { Remote = this.GetRemoteSettings(settings) };
    }

    /// <summary>The remote backend the settings name, or null for the local one (then nothing is ever sent anywhere).</summary>
    public RemoteBackendSettings? GetRemoteSettings(FimSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Backend == BackendKind.Local)
        {
            return null;
        }

        string? key;
        lock (this.gate)
        {
            key = this.apiKey;
        }

        var endpoint = settings.Endpoint.Length > 0 ? new Uri(settings.Endpoint) : BackendKinds.DefaultEndpoint(settings.Backend);
        return new RemoteBackendSettings(settings.Backend, endpoint, settings.RemoteModel)
        {
            FimTemplate = settings.FimTemplate,
            ContextLength = settings.RemoteContextLength,
            RequestTimeout = TimeSpan.FromMilliseconds(settings.RemoteTimeoutMs),
            ApiKey = key,
        };
    }

    /// <summary>Applies a settings section (null: defaults).</summary>
    public void Apply(JsonElement? section, string source) => this.Apply(section, source, expectedGeneration: null);

    /// <summary>
    /// Pulls the <c>fimComplete</c> section with <c>workspace/configuration</c> when the client supports it.
    /// Returns false when nothing was pulled.
    /// </summary>
    public async Task<bool> PullAsync(CancellationToken cancellationToken)
    {
        if (!this.session.SupportsConfiguration || this.client is null)
        {
            return false;
        }

        long startGeneration;
        lock (this.gate)
        {
            startGeneration = this.generation;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(this.options.ConfigurationTimeout);
            var result = await this.client.RequestAsync<JsonElement>(
                LspMethods.WorkspaceConfiguration,
                new ConfigurationParams([new ConfigurationItem(FimSettingsParser.Section)]),
                timeout.Token).ConfigureAwait(false);
            JsonElement? section = result.ValueKind == JsonValueKind.Array && result.GetArrayLength() > 0 ? result[0].Clone() : null;
            return this.Apply(section, LspMethods.WorkspaceConfiguration, startGeneration);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            this.logger.Warning($"The client did not answer '{LspMethods.WorkspaceConfiguration}' in time; keeping the current settings.");
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            this.logger.Warning($"'{LspMethods.WorkspaceConfiguration}' failed: {ex.Message}; keeping the current settings.");
            return false;
        }
    }

    private bool Apply(JsonElement? section, string source, long? expectedGeneration)
    {
        var next = FimSettingsParser.Parse(section, out var warnings);
        foreach (string warning in warnings)
        {
            this.logger.Warning(warning);
        }

        FimSettings previous;
        lock (this.gate)
        {
            if (expectedGeneration is { } expected && expected != this.generation)
            {
                this.logger.Log($"Dropping settings from '{source}': newer settings arrived meanwhile.");
                return false;
            }

            this.generation++;
            previous = this.current;
            this.current = next;
        }

        if (previous != next)
        {
            this.logger.Info($"Settings from '{source}': {Describe(next)}");
            this.Changed?.Invoke(previous, next);
        }

        return true;
    }

    private static string Describe(FimSettings s) =>
        $"enabled={s.Enabled}, modelPath='{s.ModelPath}', executionProvider={s.ExecutionProvider}, threads={s.Threads}, maxNewTokens={s.MaxNewTokens}, "
        + $"temperature={s.Temperature}, candidates={s.Candidates}, contextBudget={s.ContextBudget}, multiline={s.Multiline}"
        + (s.Backend == BackendKind.Local ? ", backend=local" : $", backend={BackendKinds.Name(s.Backend)}, endpoint='{s.Endpoint}', remoteModel='{s.RemoteModel}', fimTemplate={s.FimTemplate}, remoteContextLength={s.RemoteContextLength}, remoteTimeoutMs={s.RemoteTimeoutMs}");

    private static string ExpandHome(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : string.Empty);
        }

        return path;
    }
}
