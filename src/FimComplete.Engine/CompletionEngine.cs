using System.Diagnostics;
using FimComplete.Engine.Adaptive;
using FimComplete.Engine.Analysis;
using FimComplete.Engine.Api;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.Context;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Prompting;
using FimComplete.Engine.Ranking;
using FimComplete.Engine.Text;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Generation;

namespace FimComplete.Engine;

/// <summary>
/// The LSP-agnostic completion pipeline over one loaded model and a Roslyn workspace:
/// normalise → analyse (syntax, semantics) → mode → member constraint → cross-file context → windows → prompt →
/// generate → post-process → rank → restore line endings.
/// </summary>
public sealed class CompletionEngine : ICompletionEngine
{
    private const int SpecialTokenReserve = 4;
    private readonly FimModel _model;
    private readonly CodeWorkspace _workspace;
    private readonly TextWriter? _log;
    private readonly PromptWindowBuilder _windows;
    private readonly string[] _specialTokenTexts;
    private readonly WorkspaceAdaptation? _adaptation;
    private readonly ICandidateGenerator _generator;

    /// <summary>An engine with a private workspace that holds only the documents it is asked about.</summary>
    public CompletionEngine(FimModel model)
        : this(model, null, null)
    {
    }

    /// <param name="model">The loaded model.</param>
    /// <param name="workspace">The workspace documents are analysed in (shared with the host); null for a private one.</param>
    /// <param name="log">Where analysis failures are reported (they never fail a completion).</param>
    /// <param name="adaptation">The workspace cache LM and similar-code retrieval for this model's tokenizer; null: off.</param>
    public CompletionEngine(FimModel model, CodeWorkspace? workspace, TextWriter? log = null, WorkspaceAdaptation? adaptation = null)
    {
        _adaptation = adaptation;
        _model = model;
        _workspace = workspace ?? new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false, WarmUp = false });
        _log = log;
        _windows = new PromptWindowBuilder(model.Tokenizer, model.Template);
        _specialTokenTexts = model.Tokenizer.AddedTokens.Keys.Where(t => t.Length > 1).ToArray();
        _generator = new LocalCandidateGenerator(model);
    }

    /// <summary>Where the candidates are generated: the bundled model (the default) or a remote server. The pipeline
    /// around it is the same; the parts that need the model's logits (member constraint, token healing, cache LM) run
    /// only where <see cref="ICandidateGenerator.SupportsLogitsProcessors"/> says so, and the prompt budget follows
    /// the generator's context length.</summary>
    public ICandidateGenerator Generator
    {
        get => _generator;
        init => _generator = value ?? throw new ArgumentNullException(nameof(value));
    }

    public FimModel Model => _model;

    /// <summary>Workspace-adaptive parts (cache LM, retrieval), when the host gave them.</summary>
    public WorkspaceAdaptation? Adaptation => _adaptation;

    /// <summary>Share of the prompt budget that retrieved similar code may take.</summary>
    public double RetrievalShare { get; init; } = 0.15;

    public CodeWorkspace Workspace => _workspace;

    /// <summary>How the cross-file context is written: C# signatures (the default; comment style measured no better on
    /// the project eval set, docs/evaluation.md).</summary>
    public ContextStyle ContextStyle { get; init; } = ContextStyle.Code;

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

        var analysis = DocumentAnalysis.Create(_workspace.GetAnalysisDocument(request.DocumentPath, document.Text), document.Cursor, _workspace.Semantics, cancellationToken);
        var multiLine = CompletionModeDetector.IsMultiLine(document, options.LinePolicy, analysis.Root);
        var budget = TokenBudget(options, multiLine);
        var analysisElapsed = total.Elapsed;

        // Member-constrained decoding after `expr.` (the partly typed name is re-generated under the constraint).
        var site = MemberAccessSite.Find(analysis.Root, document.Cursor);
        MemberNameConstraint? constraint = null;
        IReadOnlySet<string> memberNames = new HashSet<string>();
        var healed = string.Empty;
        var logits = _generator.SupportsLogitsProcessors;
        if (logits && options.UseConstraint && site is not null)
        {
            (constraint, memberNames) = TryConstraint(site, analysis, cancellationToken);
            if (constraint is not null)
            {
                healed = site.Partial;
            }
        }

        // Token healing of trailing whitespace (indentation, the space after `=`): left out of the prompt, re-written by
        // the model in the tokens it would have used.
        HealedTextConstraint? healing = null;
        if (constraint is null && logits && options.UseTokenHealing && TrailingWhitespace(document.LinePrefix) is { Length: > 0 } whitespace)
        {
            healing = new HealedTextConstraint(VocabularyIndex.For(_model.Tokenizer), whitespace);
            healed = whitespace;
        }

        // Cross-file context: signatures of the symbols in play declared in other files.
        var contextClock = Stopwatch.StartNew();
        var context = SemanticContext.Empty;
        if (WantsContext(options, site))
        {
            try
            {
                context = SemanticContextBuilder.Build(analysis, site?.Receiver, _windows.Cost, (int)(budget * ContextShareOf(options)),
                    _workspace.DisplayPath, ContextStyle, cancellationToken, options.ContextNearCursorOnly);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log?.WriteLine($"Context failed for {request.DocumentPath}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        // Similar code from other places of the workspace, after the Roslyn signatures, before the prefix.
        var retrievalClock = Stopwatch.StartNew();
        var retrieved = string.Empty;
        if (options.UseRetrieval && _adaptation is not null)
        {
            try
            {
                retrieved = _adaptation.RetrieveContext(request.DocumentPath, document.Text, document.Cursor, (int)(budget * RetrievalShare), _windows.Cost, _workspace.DisplayPath, options.RetrievalMinScore);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log?.WriteLine($"Retrieval failed for {request.DocumentPath}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        var retrievalElapsed = retrievalClock.Elapsed;
        var semanticContextElapsed = contextClock.Elapsed - retrievalElapsed;
        var promptClock = Stopwatch.StartNew();
        var window = _windows.Build(document, budget, analysis.Root, context.Text + retrieved, document.Cursor - healed.Length);
        var cacheLm = options.UseCacheLm && logits ? _adaptation?.CreateCacheLm(request.DocumentPath, document.Text, document.Cursor - healed.Length, options.CacheLm) : null;
        var prompt = _model.Template.BuildPrompt(_model.Template.Template.DefaultMode, window.PrefixIds, window.SuffixIds);
        var promptElapsed = promptClock.Elapsed;
        var contextElapsed = total.Elapsed;

        var requested = Math.Max(1, options.Candidates);
        var generatorPrompt = PromptOf(prompt, window, context.Text, retrieved, request.DocumentPath);
        var generationOptions = new GenerationOptions
        {
            MaxNewTokens = multiLine ? MultiLineTokens(options) : Math.Max(1, Math.Min(options.MaxNewTokens, options.SingleLineMaxNewTokens)),
            Candidates = requested,
            Temperature = options.Temperature,
            TopP = options.TopP,
            Seed = options.Seed ?? 1234,
            MaxLines = multiLine ? Math.Max(1, options.MaxLines) : 1,
            LogitsProcessor = CompositeLogitsProcessor.Combine(cacheLm, constraint, healing),
            StopStrings = _specialTokenTexts,
            SpeculativeDraftTokens = Math.Max(0, options.SpeculativeDraftTokens),
        };
        var generation = _generator.Generate(generatorPrompt, generationOptions, cancellationToken);
        var generationElapsed = total.Elapsed - contextElapsed;

        var rankClock = Stopwatch.StartNew();
        var checker = new SpliceChecker(analysis);
        var candidateSource = new CandidateSource(document, checker, multiLine, constraint, memberNames, healed, healing is not null, request.DocumentPath, this);
        var ranked = candidateSource.Rank(generation, options.UseRanking, cancellationToken);
        var generatedTokens = GeneratedTokens(generation);
        if (options.UseRanking && logits && NeedsMoreCandidates(ranked, requested))
        {
            // Duplicates or rejections left fewer suggestions than asked for, or the best one names something that does
            // not exist: decode twice as many (the first ones come out the same, the prompt is cached) and rank again.
            // Local only: a remote server would recompute the whole prompt for a second round trip.
            var generationClock = Stopwatch.StartNew();
            var more = _generator.Generate(generatorPrompt, generationOptions with { Candidates = Math.Min(requested * 2, MaxCandidates) }, cancellationToken);
            generationElapsed += generationClock.Elapsed;
            generatedTokens += GeneratedTokens(more);
            ranked = MergeRankings(ranked, candidateSource.Rank(more, options.UseRanking, cancellationToken));
        }

        if (options.UseRanking && options.UseRebinding && logits && ranked is [{ NewNameErrors: > 0 }, ..])
        {
            // Every candidate's best made a name up: decode it again from that name, constrained to the names in scope.
            var generationClock = Stopwatch.StartNew();
            var decoder = new RebindDecoder(_generator, _model.Tokenizer, _model.Template.StopIds);
            (ranked, var rebindings) = decoder.Improve(generatorPrompt, generationOptions, healed, ranked, checker,
                g => candidateSource.Rank(g, useRanking: true, cancellationToken), cancellationToken);
            generationElapsed += generationClock.Elapsed;
            generatedTokens += rebindings.Sum(GeneratedTokens);
        }

        var items = ranked
            .Select(c => new CompletionItem(document.Restore(accepted + c.Text), c.Score, c.MeanLogProb, c.EndedOnEot))
            .ToList();
        var timings = new CompletionTimings(total.Elapsed, contextElapsed, generationElapsed, generation.PromptTokens, generation.ReusedPromptTokens, generatedTokens)
        {
            SemanticContext = semanticContextElapsed,
            Ranking = rankClock.Elapsed,
            ContextTokens = context.Tokens,
            Constrained = constraint is not null,
            MultiLine = multiLine,
            Analysis = analysisElapsed,
            Retrieval = retrievalElapsed,
            Prompt = promptElapsed,
            DecodeSteps = generation.DecodeSteps,
            PlainDecodeSteps = generation.PlainDecodeSteps,
            DraftTokens = generation.DraftTokens,
            AcceptedDraftTokens = generation.AcceptedDraftTokens,
            PromptEvaluation = generation.PromptTime,
            DecodeModel = generation.DecodeModelTime,
        };
        return new CompletionResult(items, timings);
    }

    /// <summary>The prompt pieces for a request without generating (for tests, the eval harness and benchmarks).</summary>
    public PromptPreview Preview(CompletionRequest request, CancellationToken cancellationToken)
    {
        var options = request.Options;
        var document = NormalizedDocument.Create(request.Text, request.Offset);
        var analysis = DocumentAnalysis.Create(_workspace.GetAnalysisDocument(request.DocumentPath, document.Text), document.Cursor, _workspace.Semantics, cancellationToken);
        var budget = TokenBudget(options, CompletionModeDetector.IsMultiLine(document, options.LinePolicy, analysis.Root));
        var site = MemberAccessSite.Find(analysis.Root, document.Cursor);
        var names = options.UseConstraint && site is not null ? site.MemberNames(analysis.SemanticModel, analysis.Document.Project.FilePath is not null, cancellationToken) : [];
        var context = WantsContext(options, site)
            ? SemanticContextBuilder.Build(analysis, site?.Receiver, _windows.Cost, (int)(budget * ContextShareOf(options)), _workspace.DisplayPath, ContextStyle, cancellationToken, options.ContextNearCursorOnly)
            : SemanticContext.Empty;
        var healed = names.Any(n => n.StartsWith(site!.Partial, StringComparison.Ordinal)) ? site!.Partial : string.Empty;
        if (healed.Length == 0 && options.UseTokenHealing)
        {
            healed = TrailingWhitespace(document.LinePrefix);
        }

        var window = _windows.Build(document, budget, analysis.Root, context.Text, document.Cursor - healed.Length);
        return new PromptPreview(window, context, names, CompletionModeDetector.IsMultiLine(document, options.LinePolicy, analysis.Root));
    }

    private (MemberNameConstraint? Constraint, IReadOnlySet<string> Names) TryConstraint(MemberAccessSite site, DocumentAnalysis analysis, CancellationToken cancellationToken)
    {
        try
        {
            var names = site.MemberNames(analysis.SemanticModel, analysis.Document.Project.FilePath is not null, cancellationToken).Where(n => n.StartsWith(site.Partial, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
            if (names.Count == 0)
            {
                return (null, names);
            }

            var constraint = new MemberNameConstraint(VocabularyIndex.For(_model.Tokenizer), names, typed: string.Empty, _model.Template.StopIds);
            return constraint.IsSatisfiable ? (constraint, names) : (null, names);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log?.WriteLine($"Member lookup failed: {ex.GetType().Name}: {ex.Message}");
            return (null, new HashSet<string>());
        }
    }

    /// <summary>The spaces and tabs the text ends with.</summary>
    private static string TrailingWhitespace(string text)
    {
        var start = text.Length;
        while (start > 0 && text[start - 1] is ' ' or '\t') start--;
        return text[start..];
    }

    /// <summary>The run of identifier characters the text starts with.</summary>
    private static string LeadingIdentifier(string text)
    {
        var end = 0;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
        return text[..end];
    }

    /// <summary>The most candidates a request decodes when it asks for more (duplicates, rejections, names that do not bind).</summary>
    public const int MaxCandidates = 8;

    private static bool NeedsMoreCandidates(IReadOnlyList<ScoredCandidate> ranked, int requested) =>
        requested < MaxCandidates && (ranked.Count < requested || ranked[0].NewNameErrors > 0);

    /// <summary>
    /// The ranking after a second, larger decoding: when the first best suggestion binds it stays first and the new
    /// distinct suggestions follow the first ranking's (the user's ghost does not change because more were decoded);
    /// when it names something that does not exist, the larger ranking decides.
    /// </summary>
    internal static IReadOnlyList<ScoredCandidate> MergeRankings(IReadOnlyList<ScoredCandidate> first, IReadOnlyList<ScoredCandidate> larger)
    {
        if (first.Count == 0 || first[0].NewNameErrors > 0)
        {
            return larger.Count > 0 ? larger : first;
        }

        var seen = first.Select(c => CandidateRanker.DedupeKey(c.Text)).ToHashSet(StringComparer.Ordinal);
        return first.Concat(larger.Where(c => seen.Add(CandidateRanker.DedupeKey(c.Text)))).ToList();
    }

    /// <summary>Cleans the candidates of one decoding (healing, constraint, post-processing, Roslyn refinement) and ranks them.</summary>
    private sealed class CandidateSource(NormalizedDocument document, SpliceChecker checker, bool multiLine, MemberNameConstraint? constraint,
        IReadOnlySet<string> memberNames, string healed, bool healedWhitespace, string path, CompletionEngine engine)
    {
        public IReadOnlyList<ScoredCandidate> Rank(GenerationResult generation, bool useRanking, CancellationToken cancellationToken)
        {
            var cleaned = new List<(string Text, double MeanLogProb, bool EndedOnEot)>();
            foreach (var candidate in generation.Candidates)
            {
                if (Clean(candidate) is { } processed)
                {
                    // A FIM sentinel written as the middle's end (the stop strings are the special tokens) ends it like EOT.
                    cleaned.Add((processed, candidate.MeanLogProb, candidate.EndedOnEot || candidate.StopReason == StopReason.StopString));
                }
            }

            try
            {
                return CandidateRanker.Rank(cleaned, checker, useRanking, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                engine._log?.WriteLine($"Ranking failed for {path}: {ex.GetType().Name}: {ex.Message}");
                return CandidateRanker.Rank(cleaned, document, useRanking, cancellationToken);
            }
        }

        private string? Clean(GeneratedCandidate candidate)
        {
            var raw = candidate.Text;
            if (constraint is not null && !memberNames.Contains(LeadingIdentifier(raw)))
            {
                return null; // stopped (token limit) before the member name was complete
            }

            if (healed.Length > 0)
            {
                if (!raw.StartsWith(healed, StringComparison.Ordinal))
                {
                    return null;
                }

                raw = raw[healed.Length..];
                if (healedWhitespace)
                {
                    // The user's whitespace is already there: more of it right after would over-indent the line or
                    // double the space. Banning it while decoding pushed the model off its path (measured worse), so the
                    // extra is dropped here instead.
                    raw = raw.TrimStart(' ', '\t');
                }
            }

            if (multiLine && candidate.StopReason == StopReason.MaxTokens)
            {
                raw = EchoFilter.CutUnfinishedEnd(raw);
            }

            var processed = CandidatePostProcessor.Process(raw, document, multiLine);
            if (processed is null)
            {
                return null;
            }

            processed = engine.SafeRefine(processed, checker, multiLine, path);
            return processed is not null && !CandidatePostProcessor.IsBareCommentMarkers(processed) ? processed : null;
        }
    }

    private string? SafeRefine(string text, SpliceChecker checker, bool multiLine, string path)
    {
        try
        {
            return CandidatePostProcessor.Refine(text, checker, multiLine);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log?.WriteLine($"Post-processing failed for {path}: {ex.GetType().Name}: {ex.Message}");
            return text;
        }
    }

    /// <summary>The prompt as token ids and as the texts it was made of (a remote server tokenises those itself): the
    /// window's prefix without the context block, the suffix, and the Roslyn signatures and similar code as chunks.</summary>
    private FimPrompt PromptOf(int[] tokenIds, PromptWindow window, string signatures, string similar, string documentPath)
    {
        var chunks = new List<ContextChunk>(2);
        if (signatures.Length > 0)
        {
            chunks.Add(new ContextChunk("context/Signatures.cs", signatures));
        }

        if (similar.Length > 0)
        {
            chunks.Add(new ContextChunk("context/SimilarCode.cs", similar));
        }

        var prefix = window.PrefixText.StartsWith(window.ContextText, StringComparison.Ordinal) ? window.PrefixText[window.ContextText.Length..] : window.PrefixText;
        return new FimPrompt(tokenIds, prefix, window.SuffixText, chunks, _workspace.DisplayPath(documentPath));
    }

    private static bool WantsContext(CompletionOptions options, MemberAccessSite? site) =>
        options.UseContext && (options.ContextScope == ContextScope.Everywhere || site is not null);

    /// <summary>Tokens generated; a remote server reports its count, which our tokenizer's ids may not match.</summary>
    private static int GeneratedTokens(GenerationResult generation) => generation.Candidates.Sum(c => Math.Max(c.TokenIds.Count, c.TokenCount));

    private static double ContextShareOf(CompletionOptions options) => Math.Clamp(options.ContextShare, 0, 0.5);

    /// <summary>Tokens a multi-line candidate may take: at least <see cref="CompletionOptions.MultiLineMaxNewTokens"/>
    /// (blocks of five or six lines need more than 64, and a block cut at the limit lost its last statement to the
    /// cut-back).</summary>
    private static int MultiLineTokens(CompletionOptions options) => Math.Max(options.MaxNewTokens, options.MultiLineMaxNewTokens);

    /// <summary>The prompt's tokens: the model's context less what the request may generate (a multi-line request's
    /// longer candidates take theirs from the prompt).</summary>
    private int TokenBudget(CompletionOptions options, bool multiLine)
    {
        var context = options.ContextTokens > 0 ? Math.Min(options.ContextTokens, _generator.ContextLength) : _generator.ContextLength;
        var generated = multiLine ? MultiLineTokens(options) : options.MaxNewTokens;
        return Math.Max(16, context - generated - SpecialTokenReserve);
    }
}

/// <summary>What a request's prompt is made of.</summary>
public sealed record PromptPreview(PromptWindow Window, SemanticContext Context, IReadOnlyList<string> MemberNames, bool MultiLine);
