namespace FimComplete.Inference.Generation;

/// <summary>The bundled ONNX model behind <see cref="ICandidateGenerator"/>: the prompt's token ids, the model's own
/// prompt cache, logits processors honoured.</summary>
public sealed class LocalCandidateGenerator(FimModel model) : ICandidateGenerator
{
    public string ModelName => model.Folder.Name;

    public string Location => model.Session.ProviderName;

    public int ContextLength => model.ContextLength;

    public bool SupportsLogitsProcessors => true;

    public GenerationResult Generate(FimPrompt prompt, GenerationOptions options, CancellationToken cancellationToken) =>
        model.Generator.Generate(prompt.TokenIds, options, cancellationToken);

    public void Prefill(FimPrompt prompt, CancellationToken cancellationToken) => model.Generator.Prefill(prompt.TokenIds, cancellationToken);
}
