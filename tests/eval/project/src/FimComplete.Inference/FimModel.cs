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
        return new FimModel(folder, tokenizer, resolved, session);
    }

    public void Dispose()
    {
        Generator.Dispose();
        Session.Dispose();
    }
}
