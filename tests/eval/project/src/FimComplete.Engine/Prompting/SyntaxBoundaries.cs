using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FimComplete.Engine.Prompting;

/// <summary>Where a window may start or end: line starts at which a member, statement, using directive or switch
/// section begins (its attributes and leading comments included), never inside a token or a multi-line comment.</summary>
public static class SyntaxBoundaries
{
    /// <summary>True when the line starting at <paramref name="lineStart"/> begins a syntactic unit.</summary>
    public static bool IsBoundary(SyntaxNode root, int lineStart) => Check(root, lineStart, allowClosingBrace: false);

    /// <summary>True when a window may end just before this line: a unit starts there, or a closing brace (the
    /// lines before it end a body).</summary>
    public static bool IsEnd(SyntaxNode root, int lineStart) => Check(root, lineStart, allowClosingBrace: true);

    private static bool Check(SyntaxNode root, int lineStart, bool allowClosingBrace)
    {
        if (lineStart <= 0)
        {
            return true;
        }

        if (lineStart >= root.FullSpan.End)
        {
            return true;
        }

        var token = root.FindToken(lineStart);
        if (token.Span.Start < lineStart && token.Span.End > lineStart)
        {
            return false; // inside a token (multi-line string, ...)
        }

        if (lineStart > token.SpanStart)
        {
            // In the token's trailing trivia: the line holds nothing but that (cannot start a unit).
            return false;
        }

        // In leading trivia: not inside a multi-line comment or disabled text.
        foreach (var trivia in token.LeadingTrivia)
        {
            if (trivia.Span.Start < lineStart && trivia.Span.End > lineStart)
            {
                return false;
            }
        }

        if (token.IsKind(SyntaxKind.EndOfFileToken) || token.IsKind(SyntaxKind.CloseBraceToken))
        {
            // A closing brace belongs to a unit that started earlier; the lines before it end a body.
            return allowClosingBrace || token.IsKind(SyntaxKind.EndOfFileToken);
        }

        return StartsUnit(token);
    }

    /// <summary>True when a member, statement, using directive, attribute list of a member, or switch section starts at the token.</summary>
    public static bool StartsUnit(SyntaxToken token)
    {
        for (var node = token.Parent; node is not null && node.SpanStart == token.SpanStart; node = node.Parent)
        {
            switch (node)
            {
                case MemberDeclarationSyntax:
                case StatementSyntax when node is not BlockSyntax || node.Parent is BlockSyntax or SwitchSectionSyntax:
                case UsingDirectiveSyntax:
                case ExternAliasDirectiveSyntax:
                case SwitchSectionSyntax:
                case ElseClauseSyntax:
                case CatchClauseSyntax:
                case FinallyClauseSyntax:
                case AccessorDeclarationSyntax:
                    return true;
            }
        }

        return false;
    }
}
