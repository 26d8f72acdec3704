using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.PostProcessing;

/// <summary>
/// The syntax errors a splice adds: errors of the spliced tree that the document did not already have at the same
/// place. Comparing counts is not enough: at <c>Console.|</c> the document has two errors (identifier expected,
/// <c>;</c> expected), and <c>WriteLine(x;</c> fixes both while adding one (<c>)</c> expected), so the counts said
/// "no new error" and the unparsable line ranked first. The document's errors are collected once; each splice (a
/// candidate, a repair, a cut) is then compared with them.
/// </summary>
public sealed class SyntaxErrorDiff
{
    private readonly Dictionary<(string Id, int Position), int> _known = [];

    /// <param name="baseline">The document's tree before the splice.</param>
    public SyntaxErrorDiff(SyntaxTree baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        foreach (var d in Errors(baseline))
        {
            var key = (d.Id, d.Location.SourceSpan.Start);
            _known[key] = _known.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>Errors of <paramref name="spliced"/> with no counterpart (same id, same place once the insertion is
    /// taken out) among <paramref name="baseline"/>'s; anything reported inside the inserted text is new.</summary>
    /// <param name="baseline">The document's tree before the splice.</param>
    /// <param name="spliced">The tree with <paramref name="insertedLength"/> characters inserted at <paramref name="cursor"/>.</param>
    /// <param name="cursor">Where the text was inserted.</param>
    /// <param name="insertedLength">Length of the inserted text.</param>
    public static int NewErrors(SyntaxTree baseline, SyntaxTree spliced, int cursor, int insertedLength) =>
        new SyntaxErrorDiff(baseline).NewErrors(spliced, cursor, 0, insertedLength);

    /// <summary>The same when <paramref name="spliced"/> replaced <paramref name="replacedLength"/> characters of
    /// <paramref name="baseline"/> at <paramref name="cursor"/> (an evaluation's expected text) with
    /// <paramref name="insertedLength"/> characters (the completion).</summary>
    public static int NewErrors(SyntaxTree baseline, SyntaxTree spliced, int cursor, int replacedLength, int insertedLength) =>
        new SyntaxErrorDiff(baseline).NewErrors(spliced, cursor, replacedLength, insertedLength);

    /// <summary>Errors of <paramref name="spliced"/> (the baseline with <paramref name="replacedLength"/> characters at
    /// <paramref name="cursor"/> replaced by <paramref name="insertedLength"/> characters) that the baseline does not
    /// have at the same place.</summary>
    public int NewErrors(SyntaxTree spliced, int cursor, int replacedLength, int insertedLength) =>
        NewErrorPositions(spliced, cursor, replacedLength, insertedLength).Count;

    /// <summary>Where the new errors of <paramref name="spliced"/> start (as <see cref="NewErrors(SyntaxTree, int, int, int)"/>
    /// counts them), in document order.</summary>
    public IReadOnlyList<int> NewErrorPositions(SyntaxTree spliced, int cursor, int replacedLength, int insertedLength)
    {
        ArgumentNullException.ThrowIfNull(spliced);
        var known = new Dictionary<(string Id, int Position), int>(_known);
        var added = new List<int>();
        foreach (var d in Errors(spliced))
        {
            var start = d.Location.SourceSpan.Start;
            int? original = start < cursor ? start
                : start >= cursor + insertedLength ? start - insertedLength + replacedLength
                : start == cursor ? cursor // an error the document had at the cursor, reported before the insertion
                : null;
            if (original is int position && Take(known, (d.Id, position)))
            {
                continue;
            }

            added.Add(start);
        }

        return added;
    }

    private static bool Take(Dictionary<(string Id, int Position), int> known, (string Id, int Position) key)
    {
        var n = known.GetValueOrDefault(key);
        if (n <= 0)
        {
            return false;
        }

        known[key] = n - 1;
        return true;
    }

    private static IEnumerable<Diagnostic> Errors(SyntaxTree tree) =>
        tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);
}
