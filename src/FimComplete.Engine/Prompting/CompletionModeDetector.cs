using FimComplete.Engine.Analysis;
using FimComplete.Engine.Api;
using FimComplete.Engine.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FimComplete.Engine.Prompting;

/// <summary>
/// Single or multi-line, from the syntax at the cursor. Mid-line (code after the cursor other than closers), on a line
/// whose next non-blank line starts with <c>{</c> (the header of a body that is already there), or inside
/// an expression, an initializer, an argument list, an enum, or after an auto-accessor (<c>get;</c>): one line. An empty
/// line in a block after a statement or a signature, an empty block body, a type, namespace or accessor list body (an
/// accessor with a body spans lines), a switch section, or the end of a line that opens a body (<c>{</c>, a signature,
/// an <c>if (...)</c> header): a block.
/// </summary>
public static class CompletionModeDetector
{
    private const string Closers = ")]};,";

    public static bool IsMultiLine(NormalizedDocument document, LinePolicy policy) => IsMultiLine(document, policy, null);

    public static bool IsMultiLine(NormalizedDocument document, LinePolicy policy, SyntaxNode? root)
    {
        switch (policy)
        {
            case LinePolicy.SingleLine:
                return false;
            case LinePolicy.MultiLine:
                return true;
        }

        var linePrefix = document.LinePrefix;
        var lineSuffix = document.LineSuffix.Trim();
        if (root is not null && InDisabledText(root, document.Cursor))
        {
            root = null; // inside an inactive #if region the code is trivia, not syntax: decide from the text
        }

        if (root is null)
        {
            return string.IsNullOrWhiteSpace(linePrefix) && lineSuffix.Length == 0;
        }

        if (lineSuffix.Any(c => !Closers.Contains(c) && !char.IsWhiteSpace(c)))
        {
            return false; // mid-line
        }

        if (lineSuffix.Length == 0 && NextLineOpensBlock(document))
        {
            // The body is already there (the next line starts with `{`): what is missing is its header (a signature,
            // `var x = new T`, an `if (...)`), one line; a block here repeated the body and left two of them.
            return false;
        }

        var left = DocumentAnalysis.TokenLeftOf(root, document.Cursor);
        if (!string.IsNullOrWhiteSpace(linePrefix))
        {
            // Typing on a line: a block only right after what opens a body.
            return OpensBody(left);
        }

        if (left.IsKind(SyntaxKind.None))
        {
            return true; // start of the file
        }

        return left.Kind() switch
        {
            SyntaxKind.OpenBraceToken => left.Parent is BlockSyntax or TypeDeclarationSyntax or BaseNamespaceDeclarationSyntax or SwitchStatementSyntax or AccessorListSyntax,
            SyntaxKind.SemicolonToken => left.Parent is not (UsingDirectiveSyntax or AccessorDeclarationSyntax or ExternAliasDirectiveSyntax or ForStatementSyntax),
            SyntaxKind.CloseBraceToken => left.Parent is BlockSyntax or TypeDeclarationSyntax or BaseNamespaceDeclarationSyntax or AccessorListSyntax or SwitchStatementSyntax or EnumDeclarationSyntax,
            SyntaxKind.ColonToken => left.Parent is SwitchLabelSyntax,
            SyntaxKind.CloseBracketToken => left.Parent is AttributeListSyntax,
            SyntaxKind.CloseParenToken => OpensBody(left),
            SyntaxKind.ElseKeyword or SyntaxKind.TryKeyword or SyntaxKind.FinallyKeyword or SyntaxKind.DoKeyword => true,
            _ => false,
        };
    }

    /// <summary>The first non-blank character after the cursor's line is <c>{</c> on a later line.</summary>
    private static bool NextLineOpensBlock(NormalizedDocument document)
    {
        var text = document.Text;
        var i = text.IndexOf('\n', document.Cursor);
        if (i < 0)
        {
            return false;
        }

        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i < text.Length && text[i] == '{';
    }

    private static bool InDisabledText(SyntaxNode root, int cursor)
    {
        if (cursor == 0)
        {
            return false;
        }

        var trivia = root.FindTrivia(cursor - 1);
        return trivia.IsKind(SyntaxKind.DisabledTextTrivia) && trivia.Span.Contains(cursor - 1);
    }

    /// <summary>The token ends a header whose body comes next: <c>{</c> of a block or type, the parameter list of a
    /// method or local function, the condition of <c>if</c>/<c>while</c>/<c>for</c>/<c>foreach</c>/<c>using</c>/<c>lock</c>.</summary>
    private static bool OpensBody(SyntaxToken token) => token.Kind() switch
    {
        SyntaxKind.OpenBraceToken => token.Parent is BlockSyntax or TypeDeclarationSyntax or BaseNamespaceDeclarationSyntax or SwitchStatementSyntax,
        SyntaxKind.CloseParenToken => token.Parent switch
        {
            ParameterListSyntax { Parent: BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax } => true,
            IfStatementSyntax or WhileStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or UsingStatementSyntax
                or LockStatementSyntax or FixedStatementSyntax or CatchDeclarationSyntax or SwitchStatementSyntax => true,
            _ => false,
        },
        SyntaxKind.ElseKeyword or SyntaxKind.TryKeyword or SyntaxKind.FinallyKeyword or SyntaxKind.DoKeyword => true,
        _ => false,
    };
}
