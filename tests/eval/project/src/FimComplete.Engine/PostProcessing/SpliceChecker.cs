using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.PostProcessing;

/// <summary>Splices candidate texts into the analysed document at the cursor and counts the syntax errors they add
/// (incremental reparse of the document's tree; results cached per text).</summary>
public sealed class SpliceChecker(DocumentAnalysis analysis)
{
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private int? _baseline;

    public DocumentAnalysis Analysis => analysis;

    public int BaselineErrors => _baseline ??= CountErrors(analysis.Tree);

    public SourceText SplicedText(string text) => analysis.Text.WithChanges(new TextChange(new TextSpan(analysis.Cursor, 0), text));

    public SyntaxTree Splice(string text) => analysis.Tree.WithChangedText(SplicedText(text));

    public int NewSyntaxErrors(string text)
    {
        if (!_errors.TryGetValue(text, out var errors))
        {
            errors = Math.Max(0, CountErrors(Splice(text)) - BaselineErrors);
            _errors[text] = errors;
        }

        return errors;
    }

    public static int CountErrors(SyntaxTree tree) => tree.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
}
