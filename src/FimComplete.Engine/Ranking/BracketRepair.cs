using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FimComplete.Engine.Ranking;

/// <summary>
/// Minimal repairs of a candidate whose only fault may be its brackets or a missing <c>;</c>: close the brackets it
/// opened (in reverse order, before a trailing <c>;</c>; a <c>}</c> on its own line at its opener's indentation), trim
/// the closers it has no opener for (they close something before the cursor that the suffix already closes), and
/// each of those with a <c>;</c> at the end. Brackets are read from C# tokens, so brackets in strings, characters and
/// comments do not count. The ranker keeps the first variant whose splice parses (<see cref="CandidateRanker"/>).
/// </summary>
public static class BracketRepair
{
    /// <summary>Repaired variants of <paramref name="text"/> (LF text), smallest change first; empty when there is
    /// nothing to repair.</summary>
    /// <param name="text">The candidate.</param>
    /// <param name="firstLineIndent">Indentation of the document line the candidate starts on (for a closing brace
    /// of a block opened on the candidate's first line).</param>
    public static IReadOnlyList<string> Variants(string text, string firstLineIndent = "")
    {
        var open = new Stack<(char Closer, int Position)>();
        var unmatched = new List<int>();
        foreach (var token in SyntaxFactory.ParseTokens(text))
        {
            switch (token.Kind())
            {
                case SyntaxKind.OpenParenToken: open.Push((')', token.SpanStart)); break;
                case SyntaxKind.OpenBracketToken: open.Push((']', token.SpanStart)); break;
                case SyntaxKind.OpenBraceToken: open.Push(('}', token.SpanStart)); break;
                case SyntaxKind.CloseParenToken or SyntaxKind.CloseBracketToken or SyntaxKind.CloseBraceToken:
                    var closer = token.Text[0];
                    if (open.Count > 0 && open.Peek().Closer == closer)
                    {
                        open.Pop();
                    }
                    else if (open.Count == 0)
                    {
                        unmatched.Add(token.SpanStart);
                    }
                    else
                    {
                        return []; // crossed brackets, e.g. `(]`: not a missing or extra closer
                    }

                    break;
            }
        }

        var bases = new List<string>();
        var closed = open.Count > 0 ? CloseOpened(text, open.ToList(), firstLineIndent) : null;
        var trimmed = unmatched.Count > 0 ? TrimUnmatched(text, unmatched) : null;
        if (closed is not null) bases.Add(closed);
        if (trimmed is not null) bases.Add(trimmed);
        if (closed is not null && trimmed is not null)
        {
            // Both faults: close the openers in the trimmed text (their positions shift by the closers removed before them).
            bases.Add(CloseOpened(trimmed, open.Select(o => (o.Closer, o.Position - unmatched.Count(u => u < o.Position))).ToList(), firstLineIndent));
        }

        if (bases.Count == 0)
        {
            bases.Add(text); // balanced: only a `;` can help
        }

        var variants = new List<string>();
        foreach (var candidate in bases)
        {
            if (!ReferenceEquals(candidate, text) && candidate.Trim().Length > 0)
            {
                variants.Add(candidate);
            }

            if (WithSemicolon(candidate) is { } terminated)
            {
                variants.Add(terminated);
            }
        }

        return variants.Distinct(StringComparer.Ordinal).Where(v => v != text).ToList();
    }

    /// <summary>Appends the closers of the still-open brackets (innermost first): a <c>)</c> or <c>]</c> before the
    /// <c>;</c> the text ends with, a <c>}</c> after it (on its own line when the text spans lines).</summary>
    private static string CloseOpened(string text, IReadOnlyList<(char Closer, int Position)> openInnermostFirst, string firstLineIndent)
    {
        var body = text.TrimEnd();
        var tail = string.Empty;
        if (body.EndsWith(';'))
        {
            body = body[..^1].TrimEnd();
            tail = ";";
        }

        // Inline closers innermost first, then the `;` the text ended with, then the blocks it opened.
        var sb = new StringBuilder(body);
        var i = 0;
        for (; i < openInnermostFirst.Count && openInnermostFirst[i].Closer != '}'; i++)
        {
            sb.Append(openInnermostFirst[i].Closer);
        }

        sb.Append(tail);
        var multiLine = body.Contains('\n') || body.EndsWith('{');
        for (; i < openInnermostFirst.Count; i++)
        {
            var (closer, position) = openInnermostFirst[i];
            if (closer == '}')
            {
                sb.Append(multiLine ? "\n" + LineIndent(text, position, firstLineIndent) : " ").Append('}');
            }
            else
            {
                sb.Append(closer);
            }
        }

        return sb.ToString();
    }

    /// <summary>Drops the closers that have no opener in the candidate.</summary>
    private static string TrimUnmatched(string text, IReadOnlyList<int> positions)
    {
        var sb = new StringBuilder(text);
        foreach (var position in positions.OrderDescending())
        {
            sb.Remove(position, 1);
        }

        var result = sb.ToString();
        return string.Join('\n', result.Split('\n').Select(l => l.TrimEnd())).TrimEnd();
    }

    /// <summary>The text with <c>;</c> after its last token (before a trailing comment), unless that token already
    /// ends a statement or a block, or continues a list.</summary>
    private static string? WithSemicolon(string text)
    {
        var last = SyntaxFactory.ParseTokens(text).LastOrDefault(t => !t.IsKind(SyntaxKind.EndOfFileToken));
        if (last.IsKind(SyntaxKind.None) || last.Kind() is SyntaxKind.SemicolonToken or SyntaxKind.OpenBraceToken or SyntaxKind.CloseBraceToken
            or SyntaxKind.CommaToken or SyntaxKind.ColonToken)
        {
            return null;
        }

        return text.Insert(last.Span.End, ";").TrimEnd();
    }

    private static string LineIndent(string text, int position, string firstLineIndent)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, position - 1));
        if (lineStart < 0)
        {
            return firstLineIndent;
        }

        var end = lineStart + 1;
        while (end < text.Length && text[end] is ' ' or '\t') end++;
        return text[(lineStart + 1)..end];
    }
}
