using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Recommendations;

namespace FimComplete.Engine.Constraint;

/// <summary>
/// A cursor right after <c>expr.</c> (or <c>expr?.</c>, or <c>A.B.</c> in a name), possibly with part of the member
/// name typed: the receiver, where the name starts and what of it is typed.
/// </summary>
public sealed record MemberAccessSite(SyntaxNode Receiver, int NameStart, string Partial)
{
    public static MemberAccessSite? Find(SyntaxNode root, int cursor)
    {
        var left = DocumentAnalysis.TokenLeftOf(root, cursor);
        if (left.IsKind(SyntaxKind.None) || left.Span.End != cursor)
        {
            return null;
        }

        var partial = string.Empty;
        var dot = left;
        if (left.IsKind(SyntaxKind.IdentifierToken) || (SyntaxFacts.IsKeywordKind(left.Kind()) && left.Parent is SimpleNameSyntax))
        {
            partial = left.Text;
            dot = left.GetPreviousToken();
            if (dot.Span.End != left.SpanStart)
            {
                return null;
            }
        }

        if (!dot.IsKind(SyntaxKind.DotToken))
        {
            return null;
        }

        SyntaxNode? receiver = dot.Parent switch
        {
            MemberAccessExpressionSyntax access when access.OperatorToken == dot => access.Expression,
            MemberBindingExpressionSyntax binding => binding.Ancestors().OfType<ConditionalAccessExpressionSyntax>()
                .FirstOrDefault(c => c.WhenNotNull.Span.Contains(binding.Span))?.Expression,
            QualifiedNameSyntax qualified when qualified.DotToken == dot => qualified.Left,
            _ => null,
        };
        return receiver is null ? null : new MemberAccessSite(receiver, dot.Span.End, partial);
    }

    /// <summary>
    /// Names of the members that may follow the dot (Roslyn's recommender: instance or static members, extension
    /// methods, nested types, namespaces, accessible from here); empty when the receiver does not bind.
    /// </summary>
    public IReadOnlyList<string> MemberNames(Document document, CancellationToken cancellationToken)
    {
        var symbols = Recommender.GetRecommendedSymbolsAtPositionAsync(document, NameStart, options: null, cancellationToken).GetAwaiter().GetResult();
        return symbols
            .Where(s => s.Kind is SymbolKind.Method or SymbolKind.Property or SymbolKind.Field or SymbolKind.Event or SymbolKind.NamedType or SymbolKind.Namespace)
            .Where(s => s.CanBeReferencedByName && s.Name.Length > 0 && SyntaxFacts.IsValidIdentifier(s.Name))
            .Select(s => s.Name)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }
}
