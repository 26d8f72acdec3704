using System.Diagnostics;
using FimComplete.Engine.Adaptive;
using FimComplete.Engine.Api;
using FimComplete.Engine.Context;
using FimComplete.Engine.Pipeline;
using FimComplete.Engine.Ranking;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Generation;

namespace FimComplete.Engine;

/// <summary>
/// The LSP-agnostic completion pipeline over one loaded model and a Roslyn workspace, as named steps:
/// site (normalise, analyse, mode) → guides (member constraint or token healing) → context (signatures, similar code)
/// → prompt → generate (logits processors) → post-process and rank (a second round when too few survive) → restore
/// line endings. Built only by <see cref="Hosting.CompletionPipeline"/>, the composition root every entry point uses.
/// </summary>
public sealed class CompletionEngine : ICompletionEngine
{
    /// <summary>Share of the prompt budget that retrieved similar code may take.</summary>
    private const double RetrievalShare = 0.15;

    private readonly FimModel _model;
    private readonly IAnalysisWorkspace _workspace;
    private readonly TextWriter? _log;
    private readonly WorkspaceAdaptation? _adaptation;
    private readonly ICandidateGenerator _generator;
    private readonly PromptAssembler _prompts;
    private readonly PromptContextCollector _context;
    private readonly string[] _specialTokenTexts;

    /// <param name="model">The loaded model (its tokenizer sizes the prompt windows whichever generator runs).</param>
    /// <param name="workspace">The workspace documents are analysed in.</param>
    /// <param name="generator">Where the candidates are generated: the bundled model or a remote server. The parts that
    /// need the model's logits (member constraint, token healing, cache LM) run only where
    /// <see cref="ICandidateGenerator.SupportsLogitsProcessors"/> says so; the prompt budget follows its context length.</param>
    /// <param name="adaptation">The workspace cache LM and similar-code retrieval for this model's tokenizer; null: off.</param>
    /// <param name="log">Where analysis failures are reported (they never fail a completion).</param>
    internal CompletionEngine(FimModel model, IAnalysisWorkspace workspace, ICandidateGenerator generator, WorkspaceAdaptation? adaptation, TextWriter? log)
    {
        _model = model;
        _workspace = workspace;
        _generator = generator;
        _adaptation = adaptation;
        _log = log;
        _prompts = new PromptAssembler(model, workspace.DisplayPath);
        // Signatures are written as C# (comment style measured no better on the project eval set, docs/evaluation.md).
        _context = new PromptContextCollector(_prompts.Cost, workspace.DisplayPath, adaptation, ContextStyle.Code, RetrievalShare, log);
        _specialTokenTexts = model.Tokenizer.AddedTokens.Keys.Where(t => t.Length > 1).ToArray();
    }

    public ICandidateGenerator Generator => _generator;

    public FimModel Model => _model;

    /// <summary>Workspace-adaptive parts (cache LM, retrieval), when the pipeline has them.</summary>
    public WorkspaceAdaptation? Adaptation => _adaptation;

    public IAnalysisWorkspace Workspace => _workspace;

    public Task<CompletionResult> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken) =>
        Task.Run(() => Complete(request, cancellationToken), cancellationToken);

    public CompletionResult Complete(CompletionRequest request, CancellationToken cancellationToken) => Run(request, prefillOnly: false, cancellationToken);

    /// <summary>
    /// Everything a request at this cursor would do up to generation (analysis, context, the prompt), then the prompt is
    /// evaluated into the generator's cache and nothing is generated: the editor's cursor moved to a new line, and the
    /// request that follows finds its analysis warm and its prompt cached. Cancelled by that request (the part evaluated
    /// so far stays cached).
    /// </summary>
    public void Prefill(CompletionRequest request, CancellationToken cancellationToken) => Run(request, prefillOnly: true, cancellationToken);

    private CompletionResult Run(CompletionRequest request, bool prefillOnly, CancellationToken cancellationToken)
    {
        if (request.Offset < 0 || request.Offset > request.Text.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"Cursor offset {request.Offset} is outside the document (length {request.Text.Length}).");
        }

        var total = Stopwatch.StartNew();
        var options = request.Options;
        var site = CompletionSite.Create(request, _workspace, _generator.ContextLength, cancellationToken);
        var analysisTime = total.Elapsed;
        var logitsProcessors = _generator.SupportsLogitsProcessors;
        var guides = DecodingGuides.Choose(site, options, logitsProcessors, _model, _log, cancellationToken);
        var context = _context.Collect(request.DocumentPath, site, guides.Site, options, cancellationToken);

        var promptClock = Stopwatch.StartNew();
        var (window, prompt) = _prompts.Assemble(request.DocumentPath, site, context, guides.Healed);
        var cacheLm = options.UseCacheLm && logitsProcessors ? _adaptation?.CreateCacheLm(request.DocumentPath, site.Document.Text, site.Document.Cursor - guides.Healed.Length, options.CacheLm) : null;
        var promptTime = promptClock.Elapsed;
        var beforeGeneration = total.Elapsed;

        var settings = DecodingRounds.Settings(options, site.MultiLine, CompositeLogitsProcessor.Combine(cacheLm, guides.Constraint, guides.Healing), _specialTokenTexts);
        if (prefillOnly)
        {
            _generator.Prefill(prompt, cancellationToken);
            return new CompletionResult([], new CompletionTimings(total.Elapsed, beforeGeneration, total.Elapsed - beforeGeneration, prompt.TokenIds.Length, 0, 0));
        }

        var generation = _generator.Generate(prompt, settings, cancellationToken);
        var generationTime = total.Elapsed - beforeGeneration;

        var afterClock = Stopwatch.StartNew();
        var candidates = new CandidateSource(site, guides, request.DocumentPath, _log);
        var ranked = candidates.Rank(generation, options.UseRanking, cancellationToken);
        var generatedTokens = GeneratedTokens(generation);
        if (options.UseRanking && logitsProcessors && DecodingRounds.NeedsMore(ranked, settings.Candidates))
        {
            // Local only: a remote server would recompute the whole prompt for a second round trip.
            var secondClock = Stopwatch.StartNew();
            var more = _generator.Generate(prompt, DecodingRounds.Larger(settings), cancellationToken);
            generationTime += secondClock.Elapsed;
            generatedTokens += GeneratedTokens(more);
            ranked = DecodingRounds.Merge(ranked, candidates.Rank(more, options.UseRanking, cancellationToken));
        }

        if (options.UseRanking && options.UseRebinding && logitsProcessors && ranked is [{ NewNameErrors: > 0 }, ..])
        {
            // The best candidate still uses a name that is not in scope: decode it again from that name, constrained to
            // the names Roslyn knows there (local only, like the second round).
            var rebindClock = Stopwatch.StartNew();
            var decoder = new RebindDecoder(_generator, _model.Tokenizer, _model.Template.StopIds);
            (ranked, var rebindings) = decoder.Improve(prompt, settings, guides.Healed, ranked, candidates.Checker,
                g => candidates.Rank(g, useRanking: true, cancellationToken), cancellationToken);
            generationTime += rebindClock.Elapsed;
            generatedTokens += rebindings.Sum(GeneratedTokens);
        }

        var items = ranked.Select(c => new CompletionItem(site.Document.Restore(site.Accepted + c.Text), c.Score, c.MeanLogProb, c.EndedOnEot)).ToList();
        var timings = new CompletionTimings(total.Elapsed, beforeGeneration, generationTime, generation.PromptTokens, generation.ReusedPromptTokens, generatedTokens)
        {
            SemanticContext = context.SignaturesTime,
            AfterGeneration = afterClock.Elapsed,
            ContextTokens = context.Signatures.Tokens,
            Constrained = guides.Constraint is not null,
            MultiLine = site.MultiLine,
            Analysis = analysisTime,
            Retrieval = context.RetrievalTime,
            Prompt = promptTime,
            DecodeSteps = generation.DecodeSteps,
            PlainDecodeSteps = generation.PlainDecodeSteps,
            DraftTokens = generation.DraftTokens,
            AcceptedDraftTokens = generation.AcceptedDraftTokens,
            PromptEvaluation = generation.PromptTime,
            DecodeModel = generation.DecodeModelTime,
        };
        return new CompletionResult(items, timings)
        {
            Prompt = new PromptTrace(window, context.Signatures, context.SimilarCode, guides.MemberNames, site.MultiLine, guides.Healed),
        };
    }

    /// <summary>Tokens generated; a remote server reports its count, which our tokenizer's ids may not match.</summary>
    private static int GeneratedTokens(GenerationResult generation) => generation.Candidates.Sum(c => Math.Max(c.TokenIds.Count, c.TokenCount));
}
