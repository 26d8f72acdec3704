using FimComplete.Engine.Analysis;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Ranking;

/// <summary>A cleaned candidate with what the ranker knows about it.</summary>
public sealed record ScoredCandidate(string Text, double MeanLogProb, bool EndedOnEot, int NewSyntaxErrors, double Score)
{
    /// <summary>Binding errors the candidate adds to the enclosing member (CS0103, CS1061, ...).</summary>
    public int NewBindingErrors { get; init; }

    /// <summary>Of those, errors naming something that does not exist (the model made a name up).</summary>
    public int NewNameErrors { get; init; }
}

/// <summary>
/// Orders candidates. Each is spliced into the document at the cursor: one that adds syntax errors is rejected; one
/// that adds binding errors to the enclosing member is penalised (<see cref="NameErrorPenalty"/> for a name that does
/// not exist — CS0103, CS1061, CS0117, ... — <see cref="OtherErrorPenalty"/> for any other error); the rest by mean
/// log-probability with a bonus for ending on EOT (the FIM paper's EOT-aware best-of-n). Duplicates (up to whitespace)
/// collapse to the best-scored copy.
/// </summary>
public static class CandidateRanker
{
    public const double EotBonus = 0.5;
    public const double NameErrorPenalty = 1.0;
    public const double OtherErrorPenalty = 0.3;
    public const double MaxPenalty = 3.0;

    /// <summary>Errors that mean a name the model used does not exist.</summary>
    public static IReadOnlySet<string> NameErrorIds { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "CS0103", // the name does not exist in the current context
        "CS1061", // type does not contain a definition (instance)
        "CS0117", // type does not contain a definition (static)
        "CS0246", // type or namespace not found
        "CS0234", // type or namespace does not exist in the namespace
        "CS0426", // type name does not exist in the type
        "CS1929", // no such extension method for the receiver
        "CS0122", // inaccessible due to its protection level
    };

    /// <summary>Syntax-only ranking (no semantic model): kept for callers without a workspace.</summary>
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

            scored.Add(new ScoredCandidate(text, meanLogProb, endedOnEot, newErrors, BaseScore(meanLogProb, endedOnEot)));
        }

        return Order(scored, useSyntax);
    }

    /// <summary>
    /// Full ranking on the analysed document: syntax through incremental reparse, binding errors through the semantic
    /// model of the document with the candidate spliced in (only the enclosing member is bound).
    /// </summary>
    public static IReadOnlyList<ScoredCandidate> Rank(IEnumerable<(string Text, double MeanLogProb, bool EndedOnEot)> candidates, SpliceChecker checker, bool useRanking, CancellationToken cancellationToken)
    {
        var list = candidates.ToList();
        if (!useRanking)
        {
            return Order(list.Select(c => new ScoredCandidate(c.Text, c.MeanLogProb, c.EndedOnEot, 0, BaseScore(c.MeanLogProb, c.EndedOnEot))).ToList(), useSyntax: false);
        }

        var analysis = checker.Analysis;
        Dictionary<string, int>? baseline = null;
        var scored = new List<ScoredCandidate>();
        foreach (var group in list.GroupBy(c => NormalizeForDedupe(c.Text)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var best = group.OrderByDescending(c => BaseScore(c.MeanLogProb, c.EndedOnEot)).First();
            var syntaxErrors = checker.NewSyntaxErrors(best.Text);
            var score = BaseScore(best.MeanLogProb, best.EndedOnEot);
            if (syntaxErrors > 0)
            {
                scored.Add(new ScoredCandidate(best.Text, best.MeanLogProb, best.EndedOnEot, syntaxErrors, score));
                continue;
            }

            var bindingErrors = 0;
            var nameErrors = 0;
            try
            {
                baseline ??= BindingErrors(analysis.SemanticModel, analysis.Root, analysis.Cursor, 0, cancellationToken);
                var tree = checker.Splice(best.Text);
                var document = analysis.Document.WithSyntaxRoot(tree.GetRoot(cancellationToken));
                var model = document.GetSemanticModelAsync(cancellationToken).GetAwaiter().GetResult();
                if (model is not null)
                {
                    var after = BindingErrors(model, model.SyntaxTree.GetRoot(cancellationToken), analysis.Cursor, best.Text.Length, cancellationToken);
                    foreach (var (id, count) in after)
                    {
                        var added = Math.Max(0, count - baseline.GetValueOrDefault(id));
                        bindingErrors += added;
                        if (NameErrorIds.Contains(id)) nameErrors += added;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A semantic failure must not lose the candidate: it is ranked on syntax and log-probability alone.
            }

            var penalty = Math.Min(MaxPenalty, (nameErrors * NameErrorPenalty) + ((bindingErrors - nameErrors) * OtherErrorPenalty));
            scored.Add(new ScoredCandidate(best.Text, best.MeanLogProb, best.EndedOnEot, 0, score - penalty)
            {
                NewBindingErrors = bindingErrors,
                NewNameErrors = nameErrors,
            });
        }

        return Order(scored, useSyntax: true);
    }

    /// <summary>Error counts by id in the member (or, outside members, the inserted span) around the cursor; with
    /// <paramref name="inserted"/> characters inserted at the cursor.</summary>
    private static Dictionary<string, int> BindingErrors(SemanticModel model, SyntaxNode root, int cursor, int inserted, CancellationToken cancellationToken)
    {
        var token = root.FindToken(Math.Min(cursor, root.FullSpan.End));
        var member = token.Parent?.AncestorsAndSelf().FirstOrDefault(n =>
            n is MemberDeclarationSyntax and not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax
            && n.FullSpan.Start <= cursor && n.FullSpan.End >= cursor + inserted);
        var span = member?.FullSpan ?? new TextSpan(cursor, inserted);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (span.Length == 0)
        {
            return counts;
        }

        foreach (var diagnostic in model.GetDeclarationDiagnostics(span, cancellationToken).Concat(model.GetMethodBodyDiagnostics(span, cancellationToken)))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                counts[diagnostic.Id] = counts.GetValueOrDefault(diagnostic.Id) + 1;
            }
        }

        return counts;
    }

    private static double BaseScore(double meanLogProb, bool endedOnEot) => meanLogProb + (endedOnEot ? EotBonus : 0);

    /// <summary>The candidate's C# tokens, one space apart: candidates that differ only in layout are duplicates.</summary>
    private static string NormalizeForDedupe(string text) =>
        string.Join(' ', SyntaxFactory.ParseTokens(text).Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).Select(t => t.Text));

    private static List<ScoredCandidate> Order(List<ScoredCandidate> scored, bool useSyntax)
    {
        var deduped = scored.GroupBy(c => NormalizeForDedupe(c.Text)).Select(g => g.OrderByDescending(c => c.Score).First());
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
