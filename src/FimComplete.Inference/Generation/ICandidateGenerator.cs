namespace FimComplete.Inference.Generation;

/// <summary>
/// Generates the n candidate middles for one fill-in-the-middle prompt: the bundled ONNX model
/// (<see cref="LocalCandidateGenerator"/>) or an inference server (<c>Remote/</c>). The completion pipeline around it
/// (Roslyn windows, cross-file context, post-processing, ranking) is the same for both.
/// </summary>
public interface ICandidateGenerator
{
    /// <summary>What the user sees as the model (status bar, logs): the model folder's name, or the remote model's.</summary>
    string ModelName { get; }

    /// <summary>Where the generation runs: the ONNX execution provider, or "ollama at host:port" and the like.</summary>
    string Location { get; }

    /// <summary>Tokens the model sees at once (prompt and generated); the prompt budget is sized from it.</summary>
    int ContextLength { get; }

    /// <summary>True when <see cref="GenerationOptions.LogitsProcessor"/> is honoured. Only the local model exposes its
    /// logits: the member constraint, token healing and the workspace cache LM need them, so a remote backend runs
    /// without them.</summary>
    bool SupportsLogitsProcessors { get; }

    /// <summary>The candidates for <paramref name="prompt"/>. Cancellation ends the generation (a remote request is
    /// aborted). A remote backend throws <see cref="Remote.RemoteBackendException"/> with a user-facing category.</summary>
    GenerationResult Generate(FimPrompt prompt, GenerationOptions options, CancellationToken cancellationToken);

    /// <summary>Evaluates <paramref name="prompt"/> ahead of a likely request so that its generation finds it cached
    /// (see <see cref="FimGenerator.Prefill"/>). A generator without a prompt cache of its own does nothing.</summary>
    void Prefill(FimPrompt prompt, CancellationToken cancellationToken)
    {
    }
}

/// <summary>A cross-file chunk that goes before the prefix (signatures of other files' symbols, similar code).</summary>
public sealed record ContextChunk(string FileName, string Text);

/// <summary>
/// One FIM prompt in both forms: the token ids of the local model's template, and the texts the prompt was made of
/// (before tokenisation), which a remote server tokenises itself with its own model's FIM template.
/// </summary>
/// <param name="TokenIds">The local model's prompt (its FIM template applied).</param>
/// <param name="Prefix">The document text before the cursor in the window (with the skeleton of what was cut), without
/// the cross-file context.</param>
/// <param name="Suffix">The document text after the cursor in the window.</param>
/// <param name="Context">Cross-file chunks, in prompt order (may be empty).</param>
/// <param name="FilePath">The document's path as the context names files (for the repository-level FIM formats).</param>
public sealed record FimPrompt(int[] TokenIds, string Prefix, string Suffix, IReadOnlyList<ContextChunk> Context, string FilePath)
{
    /// <summary>The cross-file chunks written as one block (what the local prompt puts first in the prefix).</summary>
    public string ContextText => string.Concat(Context.Select(c => c.Text));
}
