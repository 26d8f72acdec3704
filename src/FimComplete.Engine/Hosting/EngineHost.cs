using FimComplete.Engine.Adaptive;
using FimComplete.Engine.Api;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Onnx;
using FimComplete.Inference.Remote;

namespace FimComplete.Engine.Hosting;

/// <summary>
/// Owns the loaded model and the Roslyn workspace (open documents, workspace folders). Loads in the background: the
/// previous model keeps answering until the new one is ready, and is disposed once the requests using it finish. A
/// failed load leaves the host in <see cref="ModelState.Failed"/> with the reason; completions then return no items.
/// The workspace outlives model reloads.
/// </summary>
public sealed class EngineHost : IEngineHost, IWorkspaceHost
{
    private readonly TextWriter _log;
    private readonly OpenDocuments _documents = new();
    private readonly ICodeWorkspace _workspace;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private EngineLease? _current;
    private IReadOnlyList<string> _folders = [];
    private Task _indexing = Task.CompletedTask;
    private CancellationTokenSource? _warmUpCancel;
    private readonly BackgroundPrefill _prefill = new();
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ModelStatus _status = new(ModelState.NotLoaded, "No model loaded.", null);

    // Made when a remote backend is first configured (until then no socket is ever opened), and kept across reloads so
    // that the keep-alive connection survives a settings change.
    private RemoteHttp? _remoteHttp;

    public EngineHost(TextWriter log)
        : this(log, null)
    {
    }

    public EngineHost(TextWriter log, CodeWorkspaceOptions? workspaceOptions)
    {
        _log = log;
        _workspace = new CodeWorkspace(log, workspaceOptions);
    }

    /// <summary>How long a request waits for a first model load that has not started yet.</summary>
    public static readonly TimeSpan FirstLoadStartWait = TimeSpan.FromSeconds(10);

    /// <summary>The Roslyn workspace completions are analysed in.</summary>
    public ICodeWorkspace Workspace => _workspace;

    /// <summary>
    /// After each model load, run a few throwaway completions in the background (a built-in document, a private workspace
    /// and private adaptive indexes), so that the first real request does not pay for compiling the whole pipeline: the
    /// <c>fimcomplete</c> executable compiles optimised code at once (no quick tier-0 JIT), which made the first request
    /// take several seconds. The server turns it on; off by default, so that tests see only their own requests.
    /// The first real request cancels what is left of it: the generator runs one generation at a time, so a warm-up
    /// still running would hold the user's first suggestion back (seconds on a busy machine, next to MSBuild loading).
    /// </summary>
    public bool WarmUpEngine { get; init; }

    /// <summary>Keep the similar-code window index next to the n-gram index. Retrieval is off by default (it did not pay
    /// on held-out projects), so the index is built only for hosts whose requests turn it on (the CLI's
    /// <c>--retrieval</c>); building it anyway cost every workspace load a second pass over all its files.</summary>
    public bool BuildRetrievalIndex { get; init; }

    /// <summary>The background warm-up of the last load (completed when there is none).</summary>
    public Task WarmUp { get; private set; } = Task.CompletedTask;

    /// <summary>Sets the workspace root folders (the server passes the client's workspace folders); they load in the
    /// background: ad-hoc projects of their .cs files at once, then MSBuild projects.</summary>
    public void SetWorkspaceFolders(IReadOnlyList<string> folders)
    {
        Volatile.Write(ref _folders, folders);
        _workspace.SetFolders(folders);
        if (Volatile.Read(ref _current)?.Engine.Adaptation is { } adaptation)
        {
            StartIndexing(adaptation, folders);
        }
    }

    public void TrustWorkspace() => _workspace.TrustWorkspace();

    public async Task WaitForWorkspaceAsync(CancellationToken cancellationToken)
    {
        await _workspace.WhenLoaded.WaitAsync(cancellationToken).ConfigureAwait(false);
        await Volatile.Read(ref _indexing).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Indexes the workspace folders for the cache LM and retrieval in the background (open documents win).</summary>
    private void StartIndexing(WorkspaceAdaptation adaptation, IReadOnlyList<string> folders)
    {
        var indexing = Task.Run(async () =>
        {
            try
            {
                var files = await adaptation.IndexFoldersAsync(folders).ConfigureAwait(false);
                var calibration = adaptation.Calibration;
                _log.WriteLine(FormattableString.Invariant($"[adaptive] indexed {files} files ({adaptation.EstimatedBytes / (1024 * 1024.0):F1} MB); cache LM self-precision {calibration.Precision:F3} over {calibration.MixedSteps} steps"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                _log.WriteLine($"[adaptive] indexing failed: {ex.Message}");
            }
        });
        Volatile.Write(ref _indexing, indexing);
    }

    public ModelStatus Status => Volatile.Read(ref _status);

    /// <summary>The current model's workspace calibration of the cache LM (null before a model is loaded).</summary>
    public Adaptive.CacheLmCalibration? CacheLmCalibration => Volatile.Read(ref _current)?.Engine.Adaptation?.Calibration;

    public event Action<ModelStatus>? StatusChanged;

    public OpenDocuments Documents => _documents;

    public async Task LoadAsync(ModelSettings settings, CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SetStatus(new ModelStatus(ModelState.Loading, $"Loading model {settings.ModelPath}", Status.Info));
            FimModel model;
            try
            {
                model = await Task.Run(() => CompletionPipeline.LoadModel(settings), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ModelLoadException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                _log.WriteLine($"Model load failed: {ex.Message}");
                SetStatus(new ModelStatus(ModelState.Failed, ex.Message, null));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unexpected (a missing ONNX Runtime native library: DllNotFoundException, TypeInitializationException):
                // the host must not stay "loading"; the caller gets the exception, stack included.
                var failure = ex.InnerException is { } inner ? $"{ex.GetType().Name}: {ex.Message} ({inner.GetType().Name}: {inner.Message})" : $"{ex.GetType().Name}: {ex.Message}";
                _log.WriteLine($"Model load failed: {failure}");
                SetStatus(new ModelStatus(ModelState.Failed, failure, null));
                throw;
            }

            if (model.Session.FallbackReason is { } reason)
            {
                _log.WriteLine($"Execution provider fallback: {reason}");
            }

            ICandidateGenerator generator;
            ModelInfo info;
            try
            {
                (generator, info) = CreateGenerator(model, settings.Remote);
            }
            catch (ArgumentException ex)
            {
                model.Dispose();
                _log.WriteLine($"Remote backend not usable: {ex.Message}");
                SetStatus(new ModelStatus(ModelState.Failed, ex.Message, null));
                return;
            }

            var engine = CompletionPipeline.Create(model, _workspace, _log, generator, new AdaptiveOptions { UseRetrieval = BuildRetrievalIndex });
            var adaptation = engine.Adaptation!;
            adaptation.AddDocuments(_documents.Snapshot());
            var lease = new EngineLease(engine);
            var previous = Interlocked.Exchange(ref _current, lease);
            if (Volatile.Read(ref _folders).Count > 0)
            {
                StartIndexing(adaptation, Volatile.Read(ref _folders));
            }

            previous?.Release();
            // "Model ready" is reported by whoever asked for the load (the server's controller logs it once).
            SetStatus(new ModelStatus(ModelState.Ready, null, info));
            if (WarmUpEngine && lease.TryAcquire())
            {
                var cancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
                Interlocked.Exchange(ref _warmUpCancel, cancel)?.Cancel();
                WarmUp = Task.Run(() => RunWarmUp(lease, cancel.Token), CancellationToken.None);
            }
        }
        finally
        {
            _firstLoad.TrySetResult();
            _loadGate.Release();
        }
    }

    public async Task<CompletionResult> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken)
    {
        // A request that comes before the first model is ready waits for it (until the client cancels it): the editor
        // asks once per keystroke, so an empty answer now would leave the user without a suggestion until they type
        // again. Before any load has started (the server starts it right after initialize) the wait is bounded.
        var waitedForStart = false;
        while (Volatile.Read(ref _current) is null && !_firstLoad.Task.IsCompleted)
        {
            if (Status.State == ModelState.Loading)
            {
                await _firstLoad.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (Status.State == ModelState.NotLoaded && !waitedForStart)
            {
                waitedForStart = true;
                await Task.WhenAny(_firstLoad.Task, Task.Delay(FirstLoadStartWait, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            else
            {
                break;
            }
        }

        // A real request goes first: the rest of the warm-up is dropped (its source is disposed with the host), and a
        // background prefill stops (what it evaluated stays in the prompt cache).
        Volatile.Read(ref _warmUpCancel)?.Cancel();
        _prefill.Cancel();
        var lease = Volatile.Read(ref _current);
        if (lease is null || !lease.TryAcquire())
        {
            return CompletionResult.Empty;
        }

        try
        {
            return await lease.Engine.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lease.Release();
        }
    }

    /// <summary>Analysis and prompt of a likely request, in the background (see <see cref="CompletionEngine.Prefill"/>);
    /// nothing before a model is loaded. The next request or prefill cancels it.</summary>
    public Task PrefillAsync(CompletionRequest request)
    {
        var lease = Volatile.Read(ref _current);
        if (lease is null || !lease.TryAcquire())
        {
            return Task.CompletedTask;
        }

        Volatile.Read(ref _warmUpCancel)?.Cancel();
        return _prefill.Start(
            token =>
            {
                try
                {
                    lease.Engine.Prefill(request, token);
                }
                finally
                {
                    lease.Release();
                }
            },
            ex => _log.WriteLine($"Prefill failed (completions are unaffected): {ex.GetType().Name}: {ex.Message}"),
            _lifetime.Token);
    }

    public void DocumentOpened(string path, string text)
    {
        _documents.DocumentOpened(path, text);
        _workspace.DocumentOpened(path, text);
        Volatile.Read(ref _current)?.Engine.Adaptation?.DocumentOpened(path, text);
    }

    public void DocumentChanged(string path, string text)
    {
        _documents.DocumentChanged(path, text);
        _workspace.DocumentChanged(path, text);
        Volatile.Read(ref _current)?.Engine.Adaptation?.DocumentChanged(path, text);
    }

    public void DocumentClosed(string path)
    {
        _documents.DocumentClosed(path);
        _workspace.DocumentClosed(path);
        Volatile.Read(ref _current)?.Engine.Adaptation?.DocumentClosed(path);
    }

    /// <summary>What the engine keeps per document (memory diagnostics and tests: after documents are closed these
    /// return to what they were before they were opened).</summary>
    public EngineDocumentState DocumentState
    {
        get
        {
            var engine = Volatile.Read(ref _current)?.Engine;
            return new EngineDocumentState(
                _documents.Count,
                _workspace.OpenDocumentCount,
                _workspace.CurrentSolution.Projects.Sum(p => p.DocumentIds.Count),
                _workspace.Semantics.Count,
                engine?.Adaptation?.DocumentCount ?? 0);
        }
    }

    /// <summary>The bundled model's generator, or the configured server's (the status then names the remote model and
    /// its host).</summary>
    private (ICandidateGenerator Generator, ModelInfo Info) CreateGenerator(FimModel model, RemoteBackendSettings? remote)
    {
        var created = CompletionPipeline.CreateGenerator(model, remote, SharedRemoteHttp);
        if (remote is null || created is not RemoteGenerator generator)
        {
            return (created, new ModelInfo(model.Folder.Name, model.Folder.Path, model.Session.ProviderName, model.ContextLength, model.Template.Template.Name));
        }

        var template = remote.Kind == BackendKind.LlamaCpp ? "server (llama.cpp /infill)" : generator.Template?.Name ?? RemoteFimTemplate.ServerSide;
        _log.WriteLine($"Remote backend: {remote}");
        return (generator, new ModelInfo(generator.ModelName, remote.Endpoint.ToString(), generator.Location, remote.ContextLength, template));
    }

    private RemoteHttp SharedRemoteHttp(RemoteBackendSettings remote)
    {
        var http = Volatile.Read(ref _remoteHttp);
        if (http is null)
        {
            http = new RemoteHttp(remote.ConnectTimeout);
            if (Interlocked.CompareExchange(ref _remoteHttp, http, null) is { } other)
            {
                http.Dispose();
                http = other;
            }
        }

        return http;
    }

    private void RunWarmUp(EngineLease lease, CancellationToken cancellationToken)
    {
        const string Text = "using System;\nusing System.Collections.Generic;\n\nnamespace WarmUp;\n\npublic sealed class Counter\n{\n    private readonly Dictionary<string, int> _counts = new();\n\n    public void Add(string key)\n    {\n        _counts[key] = _counts.TryGetValue(key, out var n) ? n + 1 : 1;\n        Console.\n    }\n\n    public int Total()\n    {\n        \n    }\n}\n";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // The bundled model's generator even with a remote backend configured: warming up must send nothing anywhere.
            using var workspace = CompletionPipeline.PrivateWorkspace();
            var path = Path.Combine(Path.GetTempPath(), "fimcomplete-warm-up", "Counter.cs");
            var engine = CompletionPipeline.Create(lease.Engine.Model, workspace, log: null, adaptiveOptions: new AdaptiveOptions { UseRetrieval = false });
            engine.Adaptation!.Update(path, Text);
            // Mid-line (single-line mode), after `Console.` (member constraint), an empty line in a body (multi-line mode).
            int[] cursors = [Text.IndexOf("? n + 1", StringComparison.Ordinal), Text.IndexOf("Console.", StringComparison.Ordinal) + 8, Text.IndexOf("        \n    }\n}", StringComparison.Ordinal) + 8];
            foreach (var cursor in cursors)
            {
                engine.Complete(new CompletionRequest(path, Text, cursor, new CompletionOptions { MaxNewTokens = 16 }), cancellationToken);
            }

            _log.WriteLine($"Warm-up: {cursors.Length} completions in {clock.ElapsedMilliseconds} ms");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _log.WriteLine($"Warm-up: stopped after {clock.ElapsedMilliseconds} ms for a real request");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            _log.WriteLine($"Warm-up failed (completions are unaffected): {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            lease.Release();
        }
    }

    private void SetStatus(ModelStatus status)
    {
        Volatile.Write(ref _status, status);
        StatusChanged?.Invoke(status);
    }

    /// <summary>How long disposing waits for a model load or warm-up still inside ONNX Runtime.</summary>
    public static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);

    public void Dispose()
    {
        _lifetime.Cancel();
        // A warm-up or a load still running native ONNX Runtime code when the process ends can crash it at exit
        // (SIGSEGV instead of exit code 0): let them stop first (the warm-up is cancelled above; a load cannot be).
        if (_loadGate.Wait(ShutdownWait))
        {
            _loadGate.Release();
        }

        Task.WhenAny(Task.WhenAll(WarmUp, _prefill.Running), Task.Delay(ShutdownWait)).Wait();

        Interlocked.Exchange(ref _warmUpCancel, null)?.Dispose();
        Interlocked.Exchange(ref _current, null)?.Release();
        _loadGate.Dispose();
        _lifetime.Dispose();
        _workspace.Dispose();
        Interlocked.Exchange(ref _remoteHttp, null)?.Dispose();
    }
}
