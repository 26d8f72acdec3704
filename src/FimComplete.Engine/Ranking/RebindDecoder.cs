using FimComplete.Engine.Constraint;
using FimComplete.Engine.PostProcessing;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Engine.Ranking;

/// <summary>
/// Decodes a suggestion again from its first name that binds to nothing: the text before that name is kept (appended to
/// the prompt as if the model had written it), and the name is re-generated under a <see cref="MemberNameConstraint"/>
/// over the names Roslyn knows at that place (<see cref="ScopeNames"/>, or the receiver's members after <c>x.</c> when
/// its type is complete); the rest is free. Where every candidate made the
/// same name up (<c>GetAsync(command.OrderNumber)</c> with no <c>command</c> in scope), ranking alone cannot help; the
/// model's best name among those in scope (<c>GetAsync(orderNumber)</c>) usually can. A name Roslyn cannot judge (its
/// reference did not load, a receiver of unknown or incomplete type) is never re-decoded: it is not reported as unbound (<see cref="CandidateRanker.UnboundNames"/>).
/// </summary>
public sealed class RebindDecoder(ICandidateGenerator generator, HfTokenizer tokenizer, IReadOnlySet<int> stopIds)
{
    /// <summary>Fewest tokens a re-decoding may generate.</summary>
    public const int MinNewTokens = 8;

    /// <summary>Re-decoding rounds per request: a re-decoded suggestion that makes up a later name is re-decoded from
    /// that one.</summary>
    public const int MaxRounds = 2;

    /// <summary>
    /// The ranking after re-decoding its best suggestion when that one names something that does not exist: a
    /// re-decoded suggestion that binds (no name error, no syntax error once cleaned and ranked by
    /// <paramref name="rank"/>) goes first, the others follow; otherwise the ranking is kept.
    /// </summary>
    /// <returns>The ranking and the re-decodings' generations (for timings and token counts).</returns>
    public (IReadOnlyList<ScoredCandidate> Ranked, IReadOnlyList<GenerationResult> Generations) Improve(FimPrompt prompt, GenerationOptions options, string healed,
        IReadOnlyList<ScoredCandidate> ranked, SpliceChecker checker, Func<GenerationResult, IReadOnlyList<ScoredCandidate>> rank, CancellationToken cancellationToken)
    {
        var generations = new List<GenerationResult>();
        if (ranked.Count == 0 || ranked[0].NewNameErrors == 0)
        {
            return (ranked, generations);
        }

        var current = ranked[0];
        for (var round = 0; round < MaxRounds && current.NewNameErrors > 0; round++)
        {
            if (Redecode(prompt, options, healed, current, checker, cancellationToken) is not { } result)
            {
                break;
            }

            generations.Add(result.Generation);
            if (result.Candidate is null || rank(result.Generation with { Candidates = [result.Candidate] }) is not [var best, ..] || best.NewNameErrors >= current.NewNameErrors)
            {
                break;
            }

            current = best;
        }

        if (current == ranked[0] || current.NewNameErrors > 0)
        {
            return (ranked, generations);
        }

        var key = CandidateRanker.DedupeKey(current.Text);
        return ([current, .. ranked.Where(c => CandidateRanker.DedupeKey(c.Text) != key)], generations);
    }

    /// <summary>The re-decoded suggestion for <paramref name="candidate"/>, as a raw generated candidate (the healed text,
    /// then the kept text, then the new tokens) for the engine's usual cleaning and ranking; null when its first unbound
    /// name's receiver has no known members, when the candidate binds, or when no name in scope can be written there.</summary>
    /// <param name="prompt">The request's prompt.</param>
    /// <param name="options">The request's generation options (the re-decoding is greedy and takes one candidate).</param>
    /// <param name="healed">Text the prompt left out before the cursor that every raw candidate starts with.</param>
    /// <param name="candidate">A ranked candidate with name errors.</param>
    /// <param name="checker">Splices candidates into the analysed document.</param>
    /// <param name="cancellationToken">Cancels the lookup and the decoding.</param>
    public RebindResult? Redecode(FimPrompt prompt, GenerationOptions options, string healed, ScoredCandidate candidate, SpliceChecker checker, CancellationToken cancellationToken)
    {
        var first = CandidateRanker.UnboundNames(checker, candidate.Text, cancellationToken).FirstOrDefault();
        if (first is null || first.ReceiverMembers is { Count: 0 })
        {
            return null;
        }

        var kept = healed + candidate.Text[..first.Offset];
        var forced = kept.TrimEnd(' ', '\t', '\r', '\n');
        var whitespace = kept[forced.Length..];
        IEnumerable<string> inScope = first.ReceiverMembers ?? (IEnumerable<string>)ScopeNames.At(checker.Analysis, checker.Splice(candidate.Text).GetRoot(cancellationToken), candidate.Text, first.Offset, cancellationToken);
        var names = inScope.Where(n => n != first.Name).Select(n => whitespace + n).ToList();
        var constraint = new MemberNameConstraint(VocabularyIndex.For(tokenizer), names, typed: string.Empty, stopIds);
        if (names.Count == 0 || !constraint.IsSatisfiable)
        {
            return null;
        }

        var forcedIds = forced.Length == 0 ? [] : tokenizer.Encode(forced);
        var lines = forced.Count(c => c == '\n');
        var redecode = options with
        {
            Candidates = 1,
            Temperature = 0,
            MaxNewTokens = Math.Max(MinNewTokens, options.MaxNewTokens - forcedIds.Length),
            MaxLines = Math.Max(1, options.MaxLines - lines),
            LogitsProcessor = constraint,
            SpeculativeDraftTokens = 0,
            DraftSource = null,
        };
        var generation = generator.Generate(prompt with { TokenIds = [.. prompt.TokenIds, .. forcedIds] }, redecode, cancellationToken);
        if (generation.Candidates.Count == 0)
        {
            return new RebindResult(generation, null);
        }

        var generated = generation.Candidates[0];
        var whole = new GeneratedCandidate(forced + generated.Text, [.. forcedIds, .. generated.TokenIds],
            (candidate.MeanLogProb * forcedIds.Length) + generated.SumLogProb, generated.StopReason);
        return new RebindResult(generation, whole);
    }
}

/// <summary>A re-decoding's generation (for its timings) and the whole candidate it makes, null when it made none.</summary>
public sealed record RebindResult(GenerationResult Generation, GeneratedCandidate? Candidate);
