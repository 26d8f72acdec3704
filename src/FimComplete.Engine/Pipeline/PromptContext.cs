using System.Diagnostics;
using FimComplete.Engine.Adaptive;
using FimComplete.Engine.Api;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.Context;

namespace FimComplete.Engine.Pipeline;

/// <summary>What goes before the document in the prompt: the Roslyn signatures of symbols from other files and the
/// similar code retrieved from the workspace, with the time each took.</summary>
internal sealed record PromptContext(SemanticContext Signatures, string SimilarCode, TimeSpan SignaturesTime, TimeSpan RetrievalTime)
{
    /// <summary>The block the prompt window puts first in the prefix.</summary>
    public string Text => Signatures.Text + SimilarCode;
}

/// <summary>
/// The context step. A failure here costs the prompt its context, never the completion: it is logged and the request
/// goes on without it.
/// </summary>
internal sealed class PromptContextCollector(Func<string, int> cost, Func<string?, string> displayPath, WorkspaceAdaptation? adaptation, ContextStyle style, double retrievalShare, TextWriter? log)
{
    public PromptContext Collect(string documentPath, CompletionSite site, MemberAccessSite? access, CompletionOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var signatures = Signatures(documentPath, site, access, options, cancellationToken);
        var signaturesTime = clock.Elapsed;
        clock.Restart();
        var similar = SimilarCode(documentPath, site, options);
        return new PromptContext(signatures, similar, signaturesTime, clock.Elapsed);
    }

    /// <summary>Signatures of the symbols in play declared in other files (everywhere, or only after <c>x.</c>).</summary>
    private SemanticContext Signatures(string documentPath, CompletionSite site, MemberAccessSite? access, CompletionOptions options, CancellationToken cancellationToken)
    {
        if (!options.UseContext || (options.ContextScope != ContextScope.Everywhere && access is null))
        {
            return SemanticContext.Empty;
        }

        try
        {
            var share = Math.Clamp(options.ContextShare, 0, 0.5);
            return SemanticContextBuilder.Build(site.Analysis, access?.Receiver, cost, (int)(site.Budget * share), displayPath, style, cancellationToken, options.ContextNearCursorOnly);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log?.WriteLine($"Context failed for {documentPath}: {ex.GetType().Name}: {ex.Message}");
            return SemanticContext.Empty;
        }
    }

    /// <summary>Similar code from other places of the workspace (after the signatures, before the prefix).</summary>
    private string SimilarCode(string documentPath, CompletionSite site, CompletionOptions options)
    {
        if (!options.UseRetrieval || adaptation is null)
        {
            return string.Empty;
        }

        try
        {
            return adaptation.RetrieveContext(documentPath, site.Document.Text, site.Document.Cursor, (int)(site.Budget * retrievalShare), cost, displayPath, options.RetrievalMinScore);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log?.WriteLine($"Retrieval failed for {documentPath}: {ex.GetType().Name}: {ex.Message}");
            return string.Empty;
        }
    }
}
