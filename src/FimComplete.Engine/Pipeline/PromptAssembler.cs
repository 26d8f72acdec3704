using FimComplete.Engine.Prompting;
using FimComplete.Inference;
using FimComplete.Inference.Generation;

namespace FimComplete.Engine.Pipeline;

/// <summary>
/// The prompt step: the prefix and suffix windows cut at syntax boundaries to the budget (the context block first,
/// the healed text left out), then the model's FIM template around them.
/// </summary>
internal sealed class PromptAssembler(FimModel model, Func<string?, string> displayPath)
{
    private readonly PromptWindowBuilder _windows = new(model.Tokenizer, model.Template);

    /// <summary>Tokens of a text for the model (the context collector sizes its blocks with it).</summary>
    public int Cost(string text) => _windows.Cost(text);

    public (PromptWindow Window, FimPrompt Prompt) Assemble(string documentPath, CompletionSite site, PromptContext context, string healed)
    {
        var document = site.Document;
        var window = _windows.Build(document, site.Budget, site.Analysis.Root, context.Text, document.Cursor - healed.Length);
        var ids = model.Template.BuildPrompt(model.Template.Template.DefaultMode, window.PrefixIds, window.SuffixIds);
        return (window, PromptOf(ids, window, context, documentPath));
    }

    /// <summary>The prompt as token ids and as the texts it was made of (a remote server tokenises those itself): the
    /// window's prefix without the context block, the suffix, and the Roslyn signatures and similar code as chunks.</summary>
    private FimPrompt PromptOf(int[] tokenIds, PromptWindow window, PromptContext context, string documentPath)
    {
        var chunks = new List<ContextChunk>(2);
        if (context.Signatures.Text.Length > 0)
        {
            chunks.Add(new ContextChunk("context/Signatures.cs", context.Signatures.Text));
        }

        if (context.SimilarCode.Length > 0)
        {
            chunks.Add(new ContextChunk("context/SimilarCode.cs", context.SimilarCode));
        }

        var prefix = window.PrefixText.StartsWith(window.ContextText, StringComparison.Ordinal) ? window.PrefixText[window.ContextText.Length..] : window.PrefixText;
        return new FimPrompt(tokenIds, prefix, window.SuffixText, chunks, displayPath(documentPath));
    }
}
