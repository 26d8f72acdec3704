using System.Collections.Concurrent;
using FimComplete.Engine.Api;

namespace FimComplete.Server.Tests.Fakes;

/// <summary>
/// A deterministic stand-in for the model host (used by the unit tests and by the node integration tests' fake server).
/// Loading succeeds for an existing directory and fails otherwise. Completions: <see cref="CompletionOptions.Candidates"/>
/// items, each <c>AcceptedPrefix + "fakeValue{i}();"</c>, after <see cref="CompletionDelay"/> (or the number of
/// milliseconds in a <c>fake-delay-ms: N</c> marker in the document), observing cancellation.
/// </summary>
public sealed class FakeEngineHost : IEngineHost, IWorkspaceHost
{
    private readonly TextWriter log;
    private readonly object gate = new();
    private ModelStatus status = new(ModelState.NotLoaded, null, null);

    public FakeEngineHost(TextWriter? log = null)
    {
        this.log = log ?? TextWriter.Null;
    }

    public event Action<ModelStatus>? StatusChanged;

    public TimeSpan CompletionDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan LoadDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Thrown by the next loads (after the host says "loading"), leaving the host in that state, as an
    /// unexpected exception type (a missing native library) would.</summary>
    public Exception? LoadException { get; set; }

    /// <summary>Thrown by completions while set (an engine failure).</summary>
    public Exception? CompletionException { get; set; }

    public ConcurrentQueue<CompletionRequest> Requests { get; } = new();

    public ConcurrentQueue<string> DocumentEvents { get; } = new();

    /// <summary>The prefills asked for (fimComplete/prefill), in order.</summary>
    public ConcurrentQueue<CompletionRequest> Prefills { get; } = new();

    /// <summary>Signalled after each prefill was recorded.</summary>
    public SemaphoreSlim PrefillRequested { get; } = new(0);

    public Task PrefillAsync(CompletionRequest request)
    {
        this.Prefills.Enqueue(request);
        this.PrefillRequested.Release();
        return Task.CompletedTask;
    }

    public ConcurrentQueue<ModelSettings> Loads { get; } = new();

    public int CancelledCompletions => this.cancelled;

    public ModelStatus Status
    {
        get
        {
            lock (this.gate)
            {
                return this.status;
            }
        }
    }

    /// <summary>Signalled when a completion has started (after it was recorded).</summary>
    public SemaphoreSlim CompletionStarted { get; } = new(0);

    private int cancelled;

    public async Task LoadAsync(ModelSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.Loads.Enqueue(settings);
        var previous = this.Status;
        this.SetStatus(new ModelStatus(ModelState.Loading, $"Loading {settings.ModelPath}", previous.Info));
        try
        {
            await Task.Delay(this.LoadDelay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            this.SetStatus(previous);
            throw;
        }

        if (this.LoadException is { } failure)
        {
            throw failure;
        }

        if (!Directory.Exists(settings.ModelPath))
        {
            this.log.WriteLine($"fake host: no model at '{settings.ModelPath}'");
            this.SetStatus(new ModelStatus(ModelState.Failed, $"model directory not found: {settings.ModelPath}", null));
            return;
        }

        string provider = settings.ExecutionProvider == "auto" ? "cpu" : settings.ExecutionProvider;
        string name = "fake-" + Path.GetFileName(settings.ModelPath.TrimEnd('/', '\\'));
        this.log.WriteLine($"fake host: loaded {name} ({provider})");
        this.SetStatus(new ModelStatus(ModelState.Ready, null, new ModelInfo(name, settings.ModelPath, provider, 2048, "starcoder")));
    }

    public async Task<CompletionResult> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        this.Requests.Enqueue(request);
        this.CompletionStarted.Release();
        if (this.Status.State != ModelState.Ready)
        {
            return CompletionResult.Empty;
        }

        var delay = this.CompletionDelay;
        int marker = request.Text.IndexOf("fake-delay-ms:", StringComparison.Ordinal);
        if (marker >= 0)
        {
            var digits = request.Text.AsSpan(marker + "fake-delay-ms:".Length).TrimStart(' ');
            int n = 0;
            while (n < digits.Length && char.IsAsciiDigit(digits[n]))
            {
                n++;
            }

            if (n > 0)
            {
                delay = TimeSpan.FromMilliseconds(int.Parse(digits[..n], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref this.cancelled);
            this.log.WriteLine("fake host: completion cancelled");
            throw;
        }

        if (this.CompletionException is { } failure)
        {
            throw failure;
        }

        string prefix = request.AcceptedPrefix ?? string.Empty;
        var items = Enumerable.Range(0, request.Options.Candidates)
            .Select(i => new CompletionItem($"{prefix}fakeValue{i}();", 1.0 / (i + 1), -0.1 * (i + 1), EndedOnEot: true))
            .ToArray();
        return new CompletionResult(items, new CompletionTimings(delay, TimeSpan.Zero, delay, request.Offset / 4, 0, 5 * items.Length));
    }

    public void DocumentOpened(string path, string text) => this.DocumentEvents.Enqueue($"open {path} {text.Length}");

    public void DocumentChanged(string path, string text) => this.DocumentEvents.Enqueue($"change {path} {text.Length}");

    public void DocumentClosed(string path) => this.DocumentEvents.Enqueue($"close {path}");

    /// <summary>The folders from the last <see cref="SetWorkspaceFolders"/>.</summary>
    public IReadOnlyList<string> WorkspaceFolders { get; private set; } = [];

    public void SetWorkspaceFolders(IReadOnlyList<string> folders)
    {
        this.WorkspaceFolders = [.. folders];
        this.log.WriteLine($"fake host: workspace folders [{string.Join(", ", folders)}]");
    }

    /// <summary>Whether <see cref="TrustWorkspace"/> was called.</summary>
    public bool WorkspaceTrusted { get; private set; }

    public void TrustWorkspace()
    {
        this.WorkspaceTrusted = true;
        this.log.WriteLine("fake host: workspace trusted");
    }

    public Task WaitForWorkspaceAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }

    private void SetStatus(ModelStatus value)
    {
        lock (this.gate)
        {
            this.status = value;
        }

        this.StatusChanged?.Invoke(value);
    }
}
