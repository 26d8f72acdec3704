using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.PostProcessing;

/// <summary>Splices candidate texts into the analysed document at the cursor and counts the syntax errors they add
/// (incremental reparse of the document's tree, compared error by error with <see cref="SyntaxErrorDiff"/>; results
/// cached per text).</summary>
public sealed class SpliceChecker(DocumentAnalysis analysis)
{
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private SyntaxErrorDiff? _diff;

    public DocumentAnalysis Analysis => analysis;

    public SourceText SplicedText(string text) => analysis.Text.WithChanges(new TextChange(new TextSpan(analysis.Cursor, 0), text));

    public SyntaxTree Splice(string text) => analysis.Tree.WithChangedText(SplicedText(text));

    public int NewSyntaxErrors(string text)
    {
        if (!_errors.TryGetValue(text, out var errors))
        {
            _diff ??= new SyntaxErrorDiff(analysis.Tree);
            errors = _diff.NewErrors(Splice(text), analysis.Cursor, 0, text.Length);
            _errors[text] = errors;
        }

        return errors;
    }
}
