using System.Globalization;
using FimComplete.Engine.Api;
using FimComplete.Inference.Remote;
using FimComplete.Protocol;
using FimComplete.Server.Client;
using FimComplete.Server.Logging;

namespace FimComplete.Server.Model;

/// <summary>
/// Loads and reloads the model in the background, reports progress (<c>window/workDoneProgress</c>), failures
/// (<c>window/showMessage</c>) and every state change (<c>fimComplete/status</c>). A load that fails, whatever the
/// exception, ends in "error"; a completion that fails in the engine turns the status to "error" with the reason
/// until the next completion succeeds ("ready" again).
/// </summary>
public sealed class ModelController : IDisposable
{
    /// <summary>How long a model load waits for the client's answer to <c>window/workDoneProgress/create</c> before it goes on without a progress report.</summary>
    public static readonly TimeSpan ProgressCreateTimeout = TimeSpan.FromSeconds(5);

    private readonly IEngineHost host;
    private readonly ClientConnection client;
    private readonly ClientSession session;
    private readonly ServerLogger logger;
    private readonly CancellationToken lifetime;
    private readonly object gate = new();
    private ModelSettings? requested;
    private CancellationTokenSource? loadCts;
    private Task loading = Task.CompletedTask;
    private bool active;
    private bool enabled = true;
    private FimStatusParams? lastStatus;
    private string? lastShownError;
    private string? loadFailure;
    private string? completionFailure;
    private string? lastLoggedRemoteFailure;
    private int progressCounter;

    public ModelController(IEngineHost host, ClientConnection client, ClientSession session, ServerLogger logger, CancellationToken lifetime)
    {
        this.host = host;
        this.client = client;
        this.session = session;
        this.logger = logger;
        this.lifetime = lifetime;
        this.host.StatusChanged += this.OnHostStatusChanged;
    }

    /// <summary>The current load (completed when none is running).</summary>
    public Task Loading
    {
        get
        {
            lock (this.gate)
            {
                return this.loading;
            }
        }
    }

    /// <summary>Starts sending status notifications (after <c>initialized</c>) and sends the current state.</summary>
    public void Activate()
    {
        lock (this.gate)
        {
            this.active = true;
        }

        this.PublishStatus();
    }

    public void SetEnabled(bool value)
    {
        lock (this.gate)
        {
            this.enabled = value;
        }

        this.PublishStatus();
    }

    /// <summary>Loads <paramref name="settings"/> unless that is what was last requested. A newer request cancels an older one that is still loading.</summary>
    public Task RequestLoad(ModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (this.gate)
        {
            if (settings == this.requested)
            {
                return this.loading;
            }

            this.requested = settings;

            // Cancel (not dispose: the superseded load may still be observing it) the load in progress.
            this.loadCts?.Cancel();
            this.loadCts = CancellationTokenSource.CreateLinkedTokenSource(this.lifetime);
            this.loading = this.LoadAsync(settings, this.loading, this.loadCts.Token);
            return this.loading;
        }
    }

    public FimModelInfo? GetModelInfo()
    {
        var info = this.host.Status.Info;
        return info is null ? null : new FimModelInfo(info.Name, info.Path, info.Provider, info.ContextLength, info.Template);
    }

    public void Dispose()
    {
        this.host.StatusChanged -= this.OnHostStatusChanged;
        lock (this.gate)
        {
            this.loadCts?.Cancel();
            this.loadCts?.Dispose();
            this.loadCts = null;
        }
    }

    private async Task LoadAsync(ModelSettings settings, Task previous, CancellationToken cancellationToken)
    {
        try
        {
            await previous.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The previous load reported its own failure.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        string description = $"'{settings.ModelPath}' (provider {settings.ExecutionProvider}, threads {(settings.Threads == 0 ? "auto" : settings.Threads.ToString(CultureInfo.InvariantCulture))}){(settings.Remote is { } remote ? $", generating on {remote}" : string.Empty)}";
        this.logger.Info($"Loading model {description}.");
        bool isEnabled;
        lock (this.gate)
        {
            isEnabled = this.enabled;
            this.loadFailure = null;
        }

        if (isEnabled)
        {
            this.Publish(new FimStatusParams(FimStatusStates.Loading, "Loading the model"));
        }

        string? progressToken = await this.BeginProgressAsync(settings, cancellationToken).ConfigureAwait(false);
        string endMessage = "done";
        try
        {
            await this.host.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
            var status = this.host.Status;
            if (status.State == ModelState.Ready)
            {
                this.logger.Info($"Model ready: {status.Info?.Name} ({status.Info?.Provider}, context {status.Info?.ContextLength}, template {status.Info?.Template}) from {status.Info?.Path}.");
                endMessage = "ready";
            }
            else if (status.State == ModelState.Failed)
            {
                endMessage = "failed";
                this.ReportFailure(status.Message ?? "unknown error");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            this.logger.Info($"Loading {description} was cancelled.");
            endMessage = "cancelled";
        }
#pragma warning disable CA1031 // A model that fails to load must not take the server down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Any exception type (a missing ONNX Runtime native library is a DllNotFoundException inside a
            // TypeInitializationException): the status must say "error", whatever state the host was left in.
            endMessage = "failed";
            this.logger.Error($"Loading {description} failed: {ex}");
            string reason = Describe(ex);
            lock (this.gate)
            {
                this.loadFailure = reason;
            }

            this.ReportFailure(reason);
        }
        finally
        {
            if (progressToken is not null)
            {
                this.client.Notify(LspMethods.Progress, new ProgressParams<WorkDoneProgressEnd>(progressToken, new WorkDoneProgressEnd(endMessage)));
            }

            this.PublishStatus();
        }
    }

    private async Task<string?> BeginProgressAsync(ModelSettings settings, CancellationToken cancellationToken)
    {
        bool isActive;
        lock (this.gate)
        {
            isActive = this.active;
        }

        if (!isActive || !this.session.SupportsWorkDoneProgress)
        {
            return null;
        }

        string token = string.Create(CultureInfo.InvariantCulture, $"fimcomplete/model-load/{Interlocked.Increment(ref this.progressCounter)}");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProgressCreateTimeout);
            await this.client.RequestAsync<object?>(LspMethods.WindowWorkDoneProgressCreate, new WorkDoneProgressCreateParams(token), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            this.logger.Log($"No progress report: '{LspMethods.WindowWorkDoneProgressCreate}' failed: {ex.Message}");
            return null;
        }
        catch (OperationCanceledException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                this.logger.Warning($"No progress report: the client did not answer '{LspMethods.WindowWorkDoneProgressCreate}' within {ProgressCreateTimeout.TotalSeconds:F0} s.");
            }

            return null;
        }

        // VS Code shows "<title>: <message>"; the model folder's name (often just "model") says nothing to a user.
        this.client.Notify(LspMethods.Progress, new ProgressParams<WorkDoneProgressBegin>(token, new WorkDoneProgressBegin("FimComplete", "loading the model", Cancellable: false)));
        return token;
    }

    private void ReportFailure(string message)
    {
        bool show;
        lock (this.gate)
        {
            show = this.active && message != this.lastShownError;
            this.lastShownError = message;
        }

        this.logger.Error($"The model could not be loaded: {message}");
        if (show)
        {
            this.client.ShowMessage(MessageType.Error, $"FimComplete: the model could not be loaded: {message}");
        }
    }

    /// <summary>A completion failed in the engine: the status turns to "error" with <paramref name="reason"/> (the
    /// extension shows one notification for a burst of them) until <see cref="ReportCompletionSucceeded"/>.</summary>
    public void ReportCompletionFailed(string reason)
    {
        lock (this.gate)
        {
            this.completionFailure = $"Completion failed: {reason}";
        }

        this.PublishStatus();
    }

    /// <summary>
    /// A remote backend failed: the status turns to "error" with the category and the server's words (the extension
    /// shows one notification per burst), and one log message is written per burst (a new category or message after a
    /// success), not one per keystroke. The server and the local backend are unaffected: switching
    /// <c>fimComplete.backend</c> back to local works at once.
    /// </summary>
    public void ReportRemoteFailure(RemoteBackendException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var reason = $"{RemoteBackendException.Describe(failure.Kind)}: {failure.Message}";
        bool log;
        lock (this.gate)
        {
            log = reason != this.lastLoggedRemoteFailure;
            this.lastLoggedRemoteFailure = reason;
            this.completionFailure = $"Remote backend: {reason}";
        }

        if (log)
        {
            this.logger.Error($"Remote backend: {reason}");
        }

        this.PublishStatus();
    }

    /// <summary>A completion ran through the engine: a status of "error" left by failed completions goes back to "ready".</summary>
    public void ReportCompletionSucceeded()
    {
        lock (this.gate)
        {
            this.lastLoggedRemoteFailure = null;
            if (this.completionFailure is null)
            {
                return;
            }

            this.completionFailure = null;
        }

        this.PublishStatus();
    }

    /// <summary>The exception's type and message, with those of its inner exceptions (a type initializer's message
    /// alone does not say which library was missing).</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" -> ", parts);
    }

    private void OnHostStatusChanged(ModelStatus status)
    {
        if (status.State == ModelState.Ready)
        {
            lock (this.gate)
            {
                this.lastShownError = null;
                this.loadFailure = null;

                // A remote backend's failure belongs to the generator that was replaced (switching back to local, a new
                // endpoint or key): the new one starts without it.
                if (this.lastLoggedRemoteFailure is not null)
                {
                    this.completionFailure = null;
                    this.lastLoggedRemoteFailure = null;
                }
            }
        }

        this.PublishStatus();
    }

    private void PublishStatus()
    {
        FimStatusParams? status;
        lock (this.gate)
        {
            status = this.ComputeStatus();
        }

        if (status is not null)
        {
            this.Publish(status);
        }
    }

    private FimStatusParams? ComputeStatus()
    {
        if (!this.enabled)
        {
            return new FimStatusParams(FimStatusStates.Disabled, "Disabled (fimComplete.enabled is false)");
        }

        var status = this.host.Status;
        var info = status.Info;
        if (this.loadFailure is not null && status.State is not (ModelState.Ready or ModelState.Failed))
        {
            // The host never said why (an unexpected exception left it "loading"): the load is over, and failed.
            return new FimStatusParams(FimStatusStates.Error, $"The model could not be loaded: {this.loadFailure}", info?.Name, info?.Provider);
        }

        if (this.completionFailure is not null && status.State == ModelState.Ready)
        {
            return new FimStatusParams(FimStatusStates.Error, this.completionFailure, info?.Name, info?.Provider);
        }

        return status.State switch
        {
            ModelState.Loading => new FimStatusParams(FimStatusStates.Loading, "Loading the model", info?.Name, info?.Provider),
            ModelState.Ready => new FimStatusParams(FimStatusStates.Ready, status.Message, info?.Name, info?.Provider),
            ModelState.Failed => new FimStatusParams(FimStatusStates.Error, status.Message ?? "The model could not be loaded", info?.Name, info?.Provider),
            _ => this.requested is null ? null : new FimStatusParams(FimStatusStates.Loading, "Waiting for the model"),
        };
    }

    private void Publish(FimStatusParams status)
    {
        lock (this.gate)
        {
            // Only changes are sent; "loading" followed by "loading" (ours, then the host's) is not a change.
            if (!this.active || status == this.lastStatus
                || (status.State == FimStatusStates.Loading && this.lastStatus?.State == FimStatusStates.Loading))
            {
                return;
            }

            this.lastStatus = status;

            // Inside the lock so that concurrent publishers cannot reorder their notifications.
            this.client.Notify(LspMethods.FimStatus, status);
        }
    }
}
