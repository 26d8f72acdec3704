using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FimComplete.Engine.Prompting;

/// <summary>
/// What a window cut keeps of the text before it: the using directives, the namespace, and the header lines of every
/// declaration and block that encloses the cut (type, member, enclosing statements), each verbatim, with the elided
/// lines marked by <c>// ...</c> at the indentation of what follows.
/// </summary>
internal static class FileSkeleton
{
    /// <summary>Marker of elided lines.</summary>
    public const string Elision = "// ...";

    /// <summary>A group of header lines; lower priority goes first when the skeleton is over budget: usings (0), the
    /// namespace (1), enclosing statements without a block (2), the type (3), enclosing blocks (4), the member (5).</summary>
    internal sealed record Piece(int FirstLine, int LastLine, int Priority);

    public static List<Piece> Collect(SyntaxNode root, LineMap lines, int cutPosition)
    {
        var pieces = new List<Piece>();
        if (cutPosition <= 0)
        {
            return pieces;
        }

        var cutLine = lines.LineOf(cutPosition);

        void Add(int first, int last, int priority)
        {
            last = Math.Min(last, cutLine - 1);
            if (first <= last && first >= 0)
            {
                pieces.Add(new Piece(first, last, priority));
            }
        }

        // Usings and extern aliases of the file and of the namespaces before the cut.
        foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax))
        {
            if (node is UsingDirectiveSyntax or ExternAliasDirectiveSyntax && node.Span.End <= cutPosition)
            {
                Add(lines.LineOf(node.SpanStart), lines.LineOf(node.Span.End), 0);
            }
        }

        var token = root.FindToken(Math.Min(cutPosition, root.FullSpan.End));
        var depth = 0;
        foreach (var node in token.Parent?.AncestorsAndSelf() ?? [])
        {
            if (node is CompilationUnitSyntax || node.SpanStart >= cutPosition)
            {
                continue;
            }

            depth++;
            var first = lines.LineOf(FirstHeaderToken(node).SpanStart);
            switch (node)
            {
                case FileScopedNamespaceDeclarationSyntax ns:
                    Add(first, lines.LineOf(ns.SemicolonToken.Span.End), 1);
                    break;
                case NamespaceDeclarationSyntax ns:
                    Add(first, lines.LineOf(ns.OpenBraceToken.SpanStart), 1);
                    break;
                case BaseTypeDeclarationSyntax type when !type.OpenBraceToken.IsMissing && type.OpenBraceToken.SpanStart < cutPosition:
                    AddHeader(first, lines.LineOf(type.OpenBraceToken.SpanStart), 3);
                    break;
                case BlockSyntax block when block.OpenBraceToken.SpanStart < cutPosition:
                    var owner = block.Parent is null or BlockSyntax or SwitchSectionSyntax ? block : block.Parent;
                    var ownerFirst = lines.LineOf(FirstHeaderToken(owner).SpanStart);
                    var priority = owner is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax ? 5 : 4;
                    AddHeader(ownerFirst, lines.LineOf(block.OpenBraceToken.SpanStart), priority);
                    break;
                case BasePropertyDeclarationSyntax property when property.AccessorList is { } accessors && accessors.OpenBraceToken.SpanStart < cutPosition:
                    AddHeader(first, lines.LineOf(accessors.OpenBraceToken.SpanStart), 5);
                    break;
                case SwitchStatementSyntax @switch when @switch.OpenBraceToken.SpanStart < cutPosition:
                    AddHeader(first, lines.LineOf(@switch.OpenBraceToken.SpanStart), 4);
                    break;
                case SwitchSectionSyntax section:
                    Add(first, lines.LineOf(section.Labels.Last().Span.End), 4);
                    break;
                case InitializerExpressionSyntax initializer when initializer.OpenBraceToken.SpanStart < cutPosition:
                    Add(lines.LineOf(initializer.OpenBraceToken.SpanStart), lines.LineOf(initializer.OpenBraceToken.SpanStart), 2);
                    break;
                case MemberDeclarationSyntax or StatementSyntax:
                    Add(first, first, node is MemberDeclarationSyntax ? 5 : 2);
                    break;
            }
        }

        return pieces;

        void AddHeader(int first, int braceLine, int priority)
        {
            if (braceLine - first <= 6)
            {
                Add(first, braceLine, priority);
            }
            else
            {
                Add(first, first, priority);
                Add(braceLine, braceLine, priority);
            }
        }
    }

    /// <summary>The skeleton text: the pieces' lines in order, elided gaps marked.</summary>
    public static string Render(IEnumerable<Piece> pieces, LineMap lines, int cutLine)
    {
        var selected = new SortedSet<int>();
        foreach (var piece in pieces)
        {
            for (var line = piece.FirstLine; line <= piece.LastLine; line++) selected.Add(line);
        }

        if (selected.Count == 0)
        {
            return cutLine > 0 && lines.HasCodeBetween(0, cutLine) ? Marker(lines.Indentation(cutLine)) : string.Empty;
        }

        var builder = new StringBuilder();
        var previous = -1;
        foreach (var line in selected)
        {
            AppendGap(builder, lines, previous + 1, line);
            builder.Append(lines.LineText(line));
            previous = line;
        }

        AppendGap(builder, lines, previous + 1, cutLine);
        return builder.ToString();
    }

    private static void AppendGap(StringBuilder builder, LineMap lines, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        if (lines.HasCodeBetween(from, to))
        {
            if (from > 0)
            {
                builder.Append(Marker(lines.Indentation(to)));
            }
        }
        else if (from > 0)
        {
            builder.Append('\n'); // blank lines collapse to one
        }
    }

    private static string Marker(string indentation) => indentation + Elision + "\n";

    /// <summary>The first token of a declaration after its attribute lists (the modifiers or keyword line).</summary>
    private static SyntaxToken FirstHeaderToken(SyntaxNode node)
    {
        var attributes = node switch
        {
            MemberDeclarationSyntax member => member.AttributeLists,
            AccessorDeclarationSyntax accessor => accessor.AttributeLists,
            LocalFunctionStatementSyntax local => local.AttributeLists,
            StatementSyntax statement => statement.AttributeLists,
            _ => default,
        };
        return attributes.Count > 0 ? attributes.Last().GetLastToken().GetNextToken() : node.GetFirstToken();
    }
}

/// <summary>Line starts of an LF text.</summary>
internal sealed class LineMap
{
    private readonly string _text;
    private readonly List<int> _starts = [0];

    public LineMap(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') _starts.Add(i + 1);
        }
    }

    public int Count => _starts.Count;

    public int Start(int line) => line >= _starts.Count ? _text.Length : _starts[line];

    public int End(int line) => line + 1 >= _starts.Count ? _text.Length : _starts[line + 1];

    public int LineOf(int position)
    {
        var index = _starts.BinarySearch(position);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>The line with its line break.</summary>
    public string LineText(int line) => line >= _starts.Count ? string.Empty : _text[Start(line)..End(line)];

    /// <summary>Indentation of the line, or of the first non-blank line after it.</summary>
    public string Indentation(int line)
    {
        while (line < _starts.Count - 1 && _text.AsSpan(Start(line), End(line) - Start(line)).IsWhiteSpace()) line++;
        var start = Start(line);
        var end = start;
        while (end < _text.Length && _text[end] is ' ' or '\t') end++;
        return _text[start..end];
    }

    public bool HasCodeBetween(int fromLine, int toLine)
    {
        for (var line = fromLine; line < toLine && line < _starts.Count; line++)
        {
            for (var i = Start(line); i < End(line); i++)
            {
                if (!char.IsWhiteSpace(_text[i])) return true;
            }
        }

        return false;
    }
}
