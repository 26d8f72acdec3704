using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Constraint;

/// <summary>
/// The simple names a completion may write at a place where it wrote a name that binds to nothing: what Roslyn finds in
/// scope at the cursor (locals, parameters, members of <c>this</c> and its bases, types, namespaces), the names the
/// completion itself declared before that place (a <c>var x =</c>, a lambda's or <c>foreach</c>'s variable), and the
/// keywords an expression may start with (so the model can leave the name for <c>this</c>, <c>new</c>, <c>null</c>).
/// </summary>
public static class ScopeNames
{
    /// <summary>Keywords an expression or argument may start with.</summary>
    public static readonly IReadOnlyList<string> ExpressionKeywords =
    [
        "this", "base", "new", "null", "true", "false", "default", "typeof", "nameof", "sizeof", "await", "checked",
        "unchecked", "throw", "ref", "out", "in", "var", "string", "int", "long", "bool", "object", "double", "decimal",
        "float", "char", "byte", "short", "uint", "ulong", "ushort", "sbyte",
    ];

    /// <summary>Names in scope at the analysed cursor plus the ones <paramref name="text"/> declares before
    /// <paramref name="offset"/> (spliced at the cursor), plus <see cref="ExpressionKeywords"/>.</summary>
    public static IReadOnlySet<string> At(DocumentAnalysis analysis, SyntaxNode splicedRoot, string text, int offset, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(ExpressionKeywords, StringComparer.Ordinal);
        foreach (var symbol in analysis.SemanticModel.LookupSymbols(analysis.Cursor))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (symbol.CanBeReferencedByName && SyntaxFacts.IsValidIdentifier(symbol.Name))
            {
                names.Add(symbol.Name);
            }
        }

        names.UnionWith(DeclaredBefore(splicedRoot, new TextSpan(analysis.Cursor, Math.Clamp(offset, 0, text.Length))));
        return names;
    }

    /// <summary>Locals, lambda and <c>foreach</c> variables, pattern and <c>out var</c> designations declared inside
    /// <paramref name="span"/> of <paramref name="root"/>.</summary>
    public static IEnumerable<string> DeclaredBefore(SyntaxNode root, TextSpan span)
    {
        foreach (var node in root.DescendantNodes(n => n.FullSpan.IntersectsWith(span)))
        {
            var identifier = node switch
            {
                VariableDeclaratorSyntax declarator => declarator.Identifier,
                SingleVariableDesignationSyntax designation => designation.Identifier,
                ParameterSyntax parameter => parameter.Identifier,
                ForEachStatementSyntax forEach => forEach.Identifier,
                CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier,
                LocalFunctionStatementSyntax function => function.Identifier,
                FromClauseSyntax from => from.Identifier,
                LetClauseSyntax let => let.Identifier,
                _ => default,
            };
            if (!identifier.IsMissing && identifier.ValueText.Length > 0 && span.Contains(identifier.Span))
            {
                yield return identifier.ValueText;
            }
        }
    }
}
