using FimComplete.Engine.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FimComplete.Engine.Ranking;

/// <summary>A cleaned candidate with what the ranker knows about it.</summary>
public sealed record ScoredCandidate(string Text, double MeanLogProb, bool EndedOnEot, int NewSyntaxErrors, double Score);

/// <summary>
/// Orders candidates: a candidate that adds syntax errors to the document (spliced in and parsed by Roslyn) is
/// rejected; the rest by mean log-probability with a bonus for ending on EOT (the FIM paper's EOT-aware best-of-n).
/// Duplicates collapse to the best-scored copy.
/// </summary>
public static class CandidateRanker
{
    public const double EotBonus = 0.5;

    public static IReadOnlyList<ScoredCandidate> Rank(IEnumerable<(string Text, double MeanLogProb, bool EndedOnEot)> candidates, NormalizedDocument document, bool useSyntax, CancellationToken cancellationToken)
    {
        var baseline = useSyntax ? CountSyntaxErrors(document.Text, cancellationToken) : 0;
        var scored = new List<ScoredCandidate>();
        foreach (var (text, meanLogProb, endedOnEot) in candidates)
        {
            var newErrors = 0;
            if (useSyntax)
            {
                var spliced = document.Text[..document.Cursor] + text + document.Text[document.Cursor..];
                newErrors = Math.Max(0, CountSyntaxErrors(spliced, cancellationToken) - baseline);
            }

            var score = meanLogProb + (endedOnEot ? EotBonus : 0);
            scored.Add(new ScoredCandidate(text, meanLogProb, endedOnEot, newErrors, score));
        }

        var deduped = scored.GroupBy(c => c.Text.Trim()).Select(g => g.OrderByDescending(c => c.Score).First());
        return useSyntax
            ? deduped.Where(c => c.NewSyntaxErrors == 0).OrderByDescending(c => c.Score).ToList()
            : deduped.ToList();
    }

    public static int CountSyntaxErrors(string text, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText(text, cancellationToken: cancellationToken);
        return tree.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
    }
}
