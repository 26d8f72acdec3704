using FimComplete.Engine.PostProcessing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Evaluation;

/// <summary>Exact match and edit similarity after normalising both strings (lines trimmed, empty lines dropped); syntax
/// validity of a completion compared with the expected text.</summary>
public static class EvalMetrics
{
    public static string Normalize(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    public static bool ExactMatch(string completion, string expected) => Normalize(completion) == Normalize(expected);

    /// <summary>1 − Levenshtein / max length of the normalised strings; 1 when both are empty.</summary>
    public static double EditSimilarity(string completion, string expected)
    {
        var a = Normalize(completion);
        var b = Normalize(expected);
        var max = Math.Max(a.Length, b.Length);
        return max == 0 ? 1.0 : 1.0 - ((double)Levenshtein(a, b) / max);
    }

    /// <summary>
    /// True when the completion, in place of the expected text, leaves no syntax error that the document with the
    /// expected text does not have. Errors are compared by id and place (<see cref="SyntaxErrorDiff"/>, as the ranker
    /// does), not counted: a completion that fixes the hole's two errors while adding an unclosed <c>(</c> is not syntax
    /// ok, and neither is one that leaves an error of the hole (a missing <c>;</c>) that the expected text fixes.
    /// </summary>
    /// <param name="original">The document with the expected text.</param>
    /// <param name="start">Where the expected text starts (the cursor).</param>
    public static bool SyntaxOk(string original, int start, string completion, string expected, CancellationToken cancellationToken = default)
    {
        var baseline = CSharpSyntaxTree.ParseText(original, cancellationToken: cancellationToken);
        var spliced = CSharpSyntaxTree.ParseText(original.Remove(start, expected.Length).Insert(start, completion), cancellationToken: cancellationToken);
        return SyntaxErrorDiff.NewErrors(baseline, spliced, start, expected.Length, completion.Length) == 0;
    }

    /// <summary>Total normalised completion length over total normalised expected length (0 when nothing was expected).</summary>
    public static double LengthRatio(IEnumerable<(string Completion, string Expected)> pairs)
    {
        long completion = 0, expected = 0;
        foreach (var (c, e) in pairs)
        {
            completion += Normalize(c).Length;
            expected += Normalize(e).Length;
        }

        return expected == 0 ? 0 : (double)completion / expected;
    }

    /// <summary>
    /// True when the completion, in place of the expected text, adds no name error (unresolved name, no such member or
    /// type, wrong overload arity) that the document with the expected text does not have at the same place
    /// (<see cref="BindingErrorDiff"/>). <paramref name="document"/> is the document in its project (references as the
    /// workspace loaded them) with the original text.
    /// </summary>
    public static async Task<bool> BindOkAsync(Document document, int start, string completion, string expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var spliced = document.WithText(text.WithChanges(new TextChange(new TextSpan(start, expected.Length), completion)));
        return await BindingErrorDiff.NewNameErrorsAsync(document, spliced, start, expected.Length, completion.Length, cancellationToken).ConfigureAwait(false) == 0;
    }

    public static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var rank = p / 100.0 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
