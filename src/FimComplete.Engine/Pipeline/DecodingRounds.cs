using FimComplete.Engine.Api;
using FimComplete.Engine.Ranking;
using FimComplete.Inference.Generation;

namespace FimComplete.Engine.Pipeline;

/// <summary>
/// How candidates are decoded: the generation settings of a request, and a second, larger decoding when the first
/// left fewer suggestions than asked for (duplicates, rejections) or its best names something that does not exist.
/// </summary>
internal static class DecodingRounds
{
    /// <summary>The most candidates a request decodes when it asks for more.</summary>
    public const int MaxCandidates = 8;

    public static GenerationOptions Settings(CompletionOptions options, bool multiLine, ILogitsProcessor? logitsProcessor, IReadOnlyList<string> stopStrings) => new()
    {
        MaxNewTokens = multiLine ? CompletionSite.MultiLineTokens(options) : Math.Max(1, Math.Min(options.MaxNewTokens, options.SingleLineMaxNewTokens)),
        Candidates = Math.Max(1, options.Candidates),
        Temperature = options.Temperature,
        TopP = options.TopP,
        Seed = options.Seed ?? 1234,
        MaxLines = multiLine ? Math.Max(1, options.MaxLines) : 1,
        LogitsProcessor = logitsProcessor,
        StopStrings = stopStrings,
        SpeculativeDraftTokens = Math.Max(0, options.SpeculativeDraftTokens),
    };

    /// <summary>The settings of the second round: twice the candidates (the first ones come out the same, the prompt is
    /// cached).</summary>
    public static GenerationOptions Larger(GenerationOptions first) => first with { Candidates = Math.Min(first.Candidates * 2, MaxCandidates) };

    public static bool NeedsMore(IReadOnlyList<ScoredCandidate> ranked, int requested) =>
        requested < MaxCandidates && (ranked.Count < requested || ranked[0].NewNameErrors > 0);

    /// <summary>
    /// The ranking after a second, larger decoding: when the first best suggestion binds it stays first and the new
    /// distinct suggestions follow the first ranking's (the user's ghost does not change because more were decoded);
    /// when it names something that does not exist, the larger ranking decides.
    /// </summary>
    public static IReadOnlyList<ScoredCandidate> Merge(IReadOnlyList<ScoredCandidate> first, IReadOnlyList<ScoredCandidate> larger)
    {
        if (first.Count == 0 || first[0].NewNameErrors > 0)
        {
            return larger.Count > 0 ? larger : first;
        }

        var seen = first.Select(c => CandidateRanker.DedupeKey(c.Text)).ToHashSet(StringComparer.Ordinal);
        return first.Concat(larger.Where(c => seen.Add(CandidateRanker.DedupeKey(c.Text)))).ToList();
    }
}
