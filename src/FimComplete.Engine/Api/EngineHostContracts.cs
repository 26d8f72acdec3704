namespace FimComplete.Engine.Api;

public enum ModelState
{
    NotLoaded,
    Loading,
    Ready,
    Failed,
}

/// <summary>What to load. <paramref name="ExecutionProvider"/> is auto|cpu|cuda|directml; Threads 0 = automatic;
/// <paramref name="FimTemplate"/> overrides template detection (starcoder|santacoder|qwen|deepseek|codellama).</summary>
public sealed record ModelSettings(string ModelPath, string ExecutionProvider = "auto", int Threads = 0, string? FimTemplate = null)
{
    /// <summary>A server that generates the candidates instead of the bundled model (null: local, the default; nothing
    /// is sent anywhere). The bundled model still loads: its tokenizer sizes the prompt windows.</summary>
    public FimComplete.Inference.Remote.RemoteBackendSettings? Remote { get; init; }
}

public sealed record ModelInfo(string Name, string Path, string Provider, int ContextLength, string Template);

public sealed record ModelStatus(ModelState State, string? Message, ModelInfo? Info);

/// <summary>
/// Owns the loaded model. Loading happens in the background: the previous model keeps answering until the
/// new one is ready; a model that fails to load leaves the host in <see cref="ModelState.Failed"/> with a message
/// and <see cref="ICompletionEngine.CompleteAsync"/> returns no items (never throws for that reason).
/// </summary>
public interface IEngineHost : ICompletionEngine, IDocumentSink, IDisposable
{
    ModelStatus Status { get; }

    event Action<ModelStatus>? StatusChanged;

    /// <summary>Loads (or reloads) a model; completes when it is ready or has failed.</summary>
    Task LoadAsync(ModelSettings settings, CancellationToken cancellationToken);

    /// <summary>Prepares a likely request in the background (its analysis and its prompt in the prompt cache), without
    /// generating; the next request or prefill cancels it. Completes when it has finished, was cancelled or did nothing.</summary>
    Task PrefillAsync(CompletionRequest request) => Task.CompletedTask;
}
