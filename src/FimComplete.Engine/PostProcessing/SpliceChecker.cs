using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.PostProcessing;

/// <summary>Splices candidate texts into the analysed document at the cursor and counts the syntax errors they add
/// (incremental reparse of the document's tree, compared error by error with <see cref="SyntaxErrorDiff"/>; results
/// cached per text). Repairs and cut-backs stop when <see cref="Exhausted"/>: each reparse of a splice that does not
/// parse leaves its error-bearing syntax nodes in Roslyn's process-wide diagnostics table, and trying every cut and
/// repair of every candidate (up to ~200 reparses a request on a document full of errors) grew the server's large
/// object heap by ~10 MB per 1,000 requests in the soak test (docs/reliability.md, "Soak").</summary>
public sealed class SpliceChecker(DocumentAnalysis analysis)
{
    /// <summary>Reparses one request may spend on repairs, cut-backs and fallbacks (the candidates themselves are
    /// always checked).</summary>
    public const int MaxReparses = 40;

    /// <summary>Spliced trees kept per request (the candidates, checked first, fill it).</summary>
    public const int MaxKeptTrees = 12;

    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SyntaxTree> _trees = new(StringComparer.Ordinal);
    private SyntaxErrorDiff? _diff;
    private int _reparses;

    /// <summary>True when <see cref="MaxReparses"/> reparses were done: callers stop trying repairs and cuts.</summary>
    public bool Exhausted => _reparses >= MaxReparses;

    public DocumentAnalysis Analysis => analysis;

    public SourceText SplicedText(string text) => analysis.Text.WithChanges(new TextChange(new TextSpan(analysis.Cursor, 0), text));

    /// <summary>The analysed tree with <paramref name="text"/> spliced in at the cursor. The trees of the first
    /// <see cref="MaxKeptTrees"/> texts are kept for the request: a candidate's syntax check, its first-member cut and
    /// its binding check share one reparse.</summary>
    public SyntaxTree Splice(string text)
    {
        if (_trees.TryGetValue(text, out var kept))
        {
            return kept;
        }

        var tree = analysis.Tree.WithChangedText(SplicedText(text));
        if (_trees.Count < MaxKeptTrees)
        {
            _trees[text] = tree;
        }

        return tree;
    }

    public int NewSyntaxErrors(string text)
    {
        if (!_errors.TryGetValue(text, out var errors))
        {
            _diff ??= new SyntaxErrorDiff(analysis.Tree);
            _reparses++;
            errors = _diff.NewErrors(Splice(text), analysis.Cursor, 0, text.Length);
            _errors[text] = errors;
        }

        return errors;
    }

    /// <summary>The offset in <paramref name="text"/> of the first syntax error its splice adds (an error after the
    /// text counts as at its end); null when it adds none.</summary>
    public int? FirstNewErrorOffset(string text)
    {
        _diff ??= new SyntaxErrorDiff(analysis.Tree);
        _reparses++;
        var positions = _diff.NewErrorPositions(Splice(text), analysis.Cursor, 0, text.Length);
        _errors[text] = positions.Count;
        return positions.Count == 0 ? null : Math.Clamp(positions.Min() - analysis.Cursor, 0, text.Length);
    }
}
