using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Ranking;
using FimComplete.Inference.Generation;

namespace FimComplete.Engine.Pipeline;

/// <summary>
/// The post-process and rank steps for the candidates of one decoding: the healed text and the member constraint are
/// checked and taken off, then <see cref="CandidatePostProcessor"/> cleans each candidate, Roslyn refines it and
/// <see cref="CandidateRanker"/> ranks what is left. A failure in Roslyn's part falls back to the plain ranking.
/// </summary>
internal sealed class CandidateSource(CompletionSite site, DecodingGuides guides, string documentPath, TextWriter? log)
{
    private readonly SpliceChecker _checker = new(site.Analysis);

    /// <summary>Checks a candidate spliced into the document (parse and bind), shared by every step that judges one.</summary>
    public SpliceChecker Checker => _checker;

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
            return CandidateRanker.Rank(cleaned, _checker, useRanking, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log?.WriteLine($"Ranking failed for {documentPath}: {ex.GetType().Name}: {ex.Message}");
            return CandidateRanker.Rank(cleaned, site.Document, useRanking, cancellationToken);
        }
    }

    private string? Clean(GeneratedCandidate candidate)
    {
        var raw = candidate.Text;
        if (guides.Constraint is not null && !guides.MemberNames.Contains(LeadingIdentifier(raw)))
        {
            return null; // stopped (token limit) before the member name was complete
        }

        var healed = guides.Healed;
        if (healed.Length > 0)
        {
            if (!raw.StartsWith(healed, StringComparison.Ordinal))
            {
                return null;
            }

            raw = raw[healed.Length..];
            if (guides.Healing is not null)
            {
                // The user's whitespace is already there: more of it right after would over-indent the line or
                // double the space. Banning it while decoding pushed the model off its path (measured worse), so the
                // extra is dropped here instead.
                raw = raw.TrimStart(' ', '\t');
            }
        }

        if (site.MultiLine && candidate.StopReason == StopReason.MaxTokens)
        {
            raw = EchoFilter.CutUnfinishedEnd(raw);
        }

        var processed = CandidatePostProcessor.Process(raw, site.Document, site.MultiLine);
        if (processed is null)
        {
            return null;
        }

        processed = SafeRefine(processed);
        return processed is not null && !CandidatePostProcessor.IsBareCommentMarkers(processed) ? processed : null;
    }

    private string? SafeRefine(string text)
    {
        try
        {
            return CandidatePostProcessor.Refine(text, _checker, site.MultiLine);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log?.WriteLine($"Post-processing failed for {documentPath}: {ex.GetType().Name}: {ex.Message}");
            return text;
        }
    }

    /// <summary>The run of identifier characters the text starts with.</summary>
    private static string LeadingIdentifier(string text)
    {
        var end = 0;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
        return text[..end];
    }
}
