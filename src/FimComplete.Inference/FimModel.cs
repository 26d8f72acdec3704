using FimComplete.Inference.Generation;
using FimComplete.Inference.Models;
using FimComplete.Inference.Onnx;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Inference;

/// <summary>A loaded FIM model: folder, tokenizer, FIM template, ONNX decoder session and generator.</summary>
public sealed class FimModel : IDisposable
{
    private FimModel(ModelFolder folder, HfTokenizer tokenizer, ResolvedFimTemplate template, DecoderSession session)
    {
        Folder = folder;
        Tokenizer = tokenizer;
        Template = template;
        Session = session;
        Generator = new FimGenerator(session, tokenizer, template.StopIds, template.EndOfTextId, folder.ContextLength);
    }

    public ModelFolder Folder { get; }
    public HfTokenizer Tokenizer { get; }
    public ResolvedFimTemplate Template { get; }
    public DecoderSession Session { get; }
    public FimGenerator Generator { get; }

    public int ContextLength => Folder.ContextLength;

    /// <summary>Loads a model folder; <paramref name="templateOverride"/> names a known FIM template to use instead of detection.</summary>
    public static FimModel Load(string path, InferenceOptions options, string? templateOverride = null)
    {
        var folder = ModelFolder.Open(path);
        var tokenizer = HfTokenizer.Load(folder.TokenizerPath);
        var template = (string.IsNullOrEmpty(templateOverride) ? folder.Template : null) ?? FimTemplate.Detect(tokenizer, templateOverride);
        var resolved = template.Resolve(tokenizer);
        var session = DecoderSession.Open(folder.OnnxPath, options);
        try
        {
            CheckVocabulary(tokenizer, session, folder);
        }
        catch (ModelLoadException)
        {
            session.Dispose();
            throw;
        }

        return new FimModel(folder, tokenizer, resolved, session);
    }

    /// <summary>
    /// Fails the load when the tokenizer has ids the model has no logits for (a tokenizer from another model): every
    /// generation would fail in ONNX Runtime (the embedding lookup goes out of bounds). Checked when the model's logits
    /// output declares its vocabulary dimension; a larger model vocabulary (padded embeddings) is fine.
    /// </summary>
    internal static void CheckVocabulary(HfTokenizer tokenizer, DecoderSession session, ModelFolder folder)
    {
        if (session.VocabularySize > 0 && tokenizer.VocabularySize > session.VocabularySize)
        {
            throw new ModelLoadException(
                $"The tokenizer does not match the model: {folder.TokenizerPath} has {tokenizer.VocabularySize} token ids (0-{tokenizer.VocabularySize - 1}), " +
                $"but {folder.OnnxPath} has logits for only {session.VocabularySize} tokens (its vocabulary). Use the tokenizer.json that was exported with this model.");
        }
    }

    public void Dispose()
    {
        Generator.Dispose();
        Session.Dispose();
    }
}
