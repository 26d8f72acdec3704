using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Evaluation;

/// <summary>
/// The name errors a completion adds: semantic errors about names (unresolved name, no such member, no such type,
/// no overload with that many arguments) of the document with the completion that the document with the expected text
/// does not have at the same place (same id; positions after the span shifted by the length difference), as
/// <see cref="PostProcessing.SyntaxErrorDiff"/> does for syntax. Only the member around the span is bound (the
/// smallest member declaration that holds it), so a task costs two member bindings, not two whole files.
/// </summary>
public static class BindingErrorDiff
{
    /// <summary>Error ids that say a name does not resolve or resolves to nothing callable as written.</summary>
    public static readonly IReadOnlySet<string> NameErrorIds = new HashSet<string>(StringComparer.Ordinal)
    {
        "CS0103", // the name does not exist in the current context
        "CS0117", // type does not contain a definition
        "CS1061", // no accessible member or extension method
        "CS0246", // type or namespace not found
        "CS0234", // type or namespace does not exist in the namespace
        "CS0426", // type name does not exist in the type
        "CS1501", // no overload takes N arguments
        "CS7036", // no argument given for a required parameter
        "CS0305", // generic type needs N type arguments
        "CS0308", // non-generic used with type arguments
        "CS0122", // inaccessible due to its protection level
        "CS0120", // an object reference is required (instance member used statically)
        "CS0841", // local used before it is declared
    };

    /// <summary>How many name errors <paramref name="spliced"/> (the baseline with the expected text at
    /// <paramref name="start"/>, <paramref name="replacedLength"/> characters, replaced by
    /// <paramref name="insertedLength"/> characters) has that <paramref name="baseline"/> does not have at the same place.</summary>
    public static async Task<int> NewNameErrorsAsync(Document baseline, Document spliced, int start, int replacedLength, int insertedLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(spliced);
        var before = await NameErrorsAsync(baseline, start, start + replacedLength, cancellationToken).ConfigureAwait(false);
        var after = await NameErrorsAsync(spliced, start, start + insertedLength, cancellationToken).ConfigureAwait(false);
        var known = new Dictionary<(string Id, int Position), int>();
        foreach (var d in before)
        {
            var key = (d.Id, d.Location.SourceSpan.Start);
            known[key] = known.GetValueOrDefault(key) + 1;
        }

        var added = 0;
        foreach (var d in after)
        {
            var position = d.Location.SourceSpan.Start;
            int? original = position < start ? position
                : position >= start + insertedLength ? position - insertedLength + replacedLength
                : null;
            if (original is int p && known.GetValueOrDefault((d.Id, p)) is > 0 and var n)
            {
                known[(d.Id, p)] = n - 1;
                continue;
            }

            added++;
        }

        return added;
    }

    /// <summary>Name errors reported in the smallest member declaration (or, outside members, the type) around
    /// [<paramref name="start"/>, <paramref name="end"/>).</summary>
    private static async Task<IReadOnlyList<Diagnostic>> NameErrorsAsync(Document document, int start, int end, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return [];
        }

        var span = TextSpan.FromBounds(start, Math.Max(start, end));
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var member = node.AncestorsAndSelf().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax
            or FieldDeclarationSyntax or EventFieldDeclarationSyntax or BaseTypeDeclarationSyntax or DelegateDeclarationSyntax);
        var bound = member?.FullSpan ?? root.FullSpan;
        return model.GetDiagnostics(bound, cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error && NameErrorIds.Contains(d.Id))
            .ToList();
    }
}
