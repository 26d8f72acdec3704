using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Evaluation;

/// <summary>
/// The name errors a completion adds: semantic errors about names (unresolved name, no such member, no such type,
/// no overload with that many arguments) in the names the completion writes that the document with the expected text
/// does not have at the same place, as <see cref="PostProcessing.SyntaxErrorDiff"/> does for syntax. Only the member around the span is bound (the
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

    /// <summary>
    /// How many name errors the completion writes: errors inside the inserted text (<paramref name="insertedLength"/>
    /// characters at <paramref name="start"/> of <paramref name="spliced"/>) that the expected text
    /// (<paramref name="replacedLength"/> characters at <paramref name="start"/> of <paramref name="baseline"/>) does not
    /// have too (same id and message: a type from a reference that did not load is unresolved in both), and errors on the
    /// cursor's line before it that the baseline does not have at the same place (<c>Foo(</c> completed with one argument
    /// too many reports CS1501 at <c>Foo</c>). Errors after the span are not the completion's names: a completion that
    /// declares something else than the expected text leaves later uses unresolved, which edit similarity already counts.
    /// </summary>
    public static async Task<int> NewNameErrorsAsync(Document baseline, Document spliced, int start, int replacedLength, int insertedLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(spliced);
        var text = await baseline.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var lineStart = text.Lines.GetLineFromPosition(start).Start;
        var before = await NameErrorsAsync(baseline, start, start + replacedLength, cancellationToken).ConfigureAwait(false);
        var after = await NameErrorsAsync(spliced, start, start + insertedLength, cancellationToken).ConfigureAwait(false);
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in before)
        {
            if (Key(d, lineStart, start, replacedLength) is { } key)
            {
                known[key] = known.GetValueOrDefault(key) + 1;
            }
        }

        var added = 0;
        foreach (var d in after)
        {
            if (Key(d, lineStart, start, insertedLength) is not { } key)
            {
                continue;
            }

            if (known.GetValueOrDefault(key) is > 0 and var n)
            {
                known[key] = n - 1;
                continue;
            }

            added++;
        }

        return added;
    }

    /// <summary>What an error is matched by: id and message inside the span, id and place on the line before it; null
    /// elsewhere (not the completion's).</summary>
    private static string? Key(Diagnostic d, int lineStart, int start, int length)
    {
        var position = d.Location.SourceSpan.Start;
        if (position >= start && (position < start + length || (length == 0 && position == start)))
        {
            return $"in {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        return position >= lineStart && position < start ? $"at {d.Id} {position}" : null;
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
