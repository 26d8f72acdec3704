using System.Diagnostics;
using FimComplete.Engine.Api;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Prompting;
using FimComplete.Engine.Ranking;
using FimComplete.Engine.Text;
using FimComplete.Inference;
using FimComplete.Inference.Generation;

namespace FimComplete.Engine;

/// <summary>
/// The LSP-agnostic completion pipeline over one loaded model:
/// normalise → window → prompt → generate → post-process → rank → restore line endings.
/// </summary>
public sealed class CompletionEngine(FimModel model) : ICompletionEngine
{
    private const int SpecialTokenReserve = 4;
    private readonly PromptWindowBuilder _windows = new(model.Tokenizer, model.Template);

    public FimModel Model => model;

    public Task<CompletionResult> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken) =>
        Task.Run(() => Complete(request, cancellationToken), cancellationToken);

    public CompletionResult Complete(CompletionRequest request, CancellationToken cancellationToken)
    {
        if (request.Offset < 0 || request.Offset > request.Text.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"Cursor offset {request.Offset} is outside the document (length {request.Text.Length}).");
        }

        var total = Stopwatch.StartNew();
        var options = request.Options;
        var accepted = request.AcceptedPrefix ?? string.Empty;
        var text = accepted.Length == 0 ? request.Text : request.Text.Insert(request.Offset, accepted);
        var document = NormalizedDocument.Create(text, request.Offset + accepted.Length);
        var multiLine = CompletionModeDetector.IsMultiLine(document, options.LinePolicy);

        var window = _windows.Build(document, TokenBudget(options));
        var prompt = model.Template.BuildPrompt(model.Template.Template.DefaultMode, window.PrefixIds, window.SuffixIds);
        var contextElapsed = total.Elapsed;

        var generation = model.Generator.Generate(prompt, new GenerationOptions
        {
            MaxNewTokens = options.MaxNewTokens,
            Candidates = Math.Max(1, options.Candidates),
            Temperature = options.Temperature,
            TopP = options.TopP,
            Seed = options.Seed ?? 1234,
            MaxLines = multiLine ? Math.Max(1, options.MaxLines) : 1,
        }, cancellationToken);
        var generationElapsed = total.Elapsed - contextElapsed;

        var cleaned = generation.Candidates
            .Select(c => (Text: CandidatePostProcessor.Process(c.Text, document, multiLine), c.MeanLogProb, c.EndedOnEot))
            .Where(c => c.Text is not null)
            .Select(c => (c.Text!, c.MeanLogProb, c.EndedOnEot));
        var ranked = CandidateRanker.Rank(cleaned, document, options.UseRanking, cancellationToken);

        var items = ranked
            .Select(c => new CompletionItem(document.Restore(accepted + c.Text), c.Score, c.MeanLogProb, c.EndedOnEot))
            .ToList();
        var timings = new CompletionTimings(total.Elapsed, contextElapsed, generationElapsed, generation.PromptTokens, generation.ReusedPromptTokens, generation.Candidates.Sum(c => c.TokenIds.Count));
        return new CompletionResult(items, timings);
    }

    private int TokenBudget(CompletionOptions options)
    {
        var context = options.ContextTokens > 0 ? Math.Min(options.ContextTokens, model.ContextLength) : model.ContextLength;
        return Math.Max(16, context - options.MaxNewTokens - SpecialTokenReserve);
    }
}
