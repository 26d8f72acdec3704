using FimComplete.Engine.Analysis;
using FimComplete.Engine.Api;
using FimComplete.Engine.Prompting;
using FimComplete.Engine.Text;
using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Pipeline;

/// <summary>
/// The first step: the request's document as the model sees it. The accepted prefix is inserted at the cursor, line
/// endings are normalised to LF, Roslyn analyses the document at the cursor, and the mode (one line or a block) and
/// the prompt's token budget follow from it.
/// </summary>
internal sealed record CompletionSite(NormalizedDocument Document, DocumentAnalysis Analysis, bool MultiLine, int Budget, string Accepted)
{
    // Room for the FIM sentinels the template adds around the prefix and suffix.
    private const int SpecialTokenReserve = 4;

    public static CompletionSite Create(CompletionRequest request, IAnalysisWorkspace workspace, int contextLength, CancellationToken cancellationToken)
    {
        var options = request.Options;
        var accepted = request.AcceptedPrefix ?? string.Empty;
        var text = accepted.Length == 0 ? request.Text : request.Text.Insert(request.Offset, accepted);
        var document = NormalizedDocument.Create(text, request.Offset + accepted.Length);
        var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument(request.DocumentPath, document.Text), document.Cursor, workspace.Semantics, cancellationToken);
        var multiLine = CompletionModeDetector.IsMultiLine(document, options.LinePolicy, analysis.Root);
        return new CompletionSite(document, analysis, multiLine, TokenBudget(options, multiLine, contextLength), accepted);
    }

    /// <summary>Tokens a multi-line candidate may take: at least <see cref="CompletionOptions.MultiLineMaxNewTokens"/>
    /// (blocks of five or six lines need more than 64, and a block cut at the limit lost its last statement to the
    /// cut-back).</summary>
    public static int MultiLineTokens(CompletionOptions options) => Math.Max(options.MaxNewTokens, options.MultiLineMaxNewTokens);

    /// <summary>The prompt's tokens: the generator's context less what the request may generate (a multi-line request's
    /// longer candidates take theirs from the prompt).</summary>
    private static int TokenBudget(CompletionOptions options, bool multiLine, int contextLength)
    {
        var context = options.ContextTokens > 0 ? Math.Min(options.ContextTokens, contextLength) : contextLength;
        var generated = multiLine ? MultiLineTokens(options) : options.MaxNewTokens;
        return Math.Max(16, context - generated - SpecialTokenReserve);
    }
}
