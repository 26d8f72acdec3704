using FimComplete.Engine.Analysis;
using FimComplete.Engine.Text;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FimComplete.Engine.PostProcessing;

/// <summary>
/// Cleans a raw middle: one line in single-line mode; no repeat of what follows the cursor; brackets balanced against
/// the rest of the line; no closing of blocks that were opened before the cursor (the suffix closes them);
/// no repetition loops; nothing whitespace-only. Works on LF text. <see cref="Refine"/> then uses Roslyn: the
/// candidate is spliced into the document and parsed (incrementally) to stop at the end of the syntactic unit and to
/// drop closers or trailing lines that the document already has. Lines of a multi-line candidate are indented in the
/// document's style (tabs or spaces, <see cref="IndentationStyle"/>).
/// </summary>
public static class CandidatePostProcessor
{
    private const string Closers = ")]};,";

    public static string? Process(string raw, NormalizedDocument document, bool multiLine)
    {
        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (!multiLine)
        {
            var newline = text.IndexOf('\n');
            if (newline >= 0)
            {
                text = text[..newline];
            }

            text = DropRepeatedTail(text.TrimEnd());
            text = TrimLineSuffixOverlap(text, document.LinePrefix, document.LineSuffix);
        }
        else
        {
            if (document.LinePrefix.Trim().Length == 0 && document.LineSuffix.Trim().Length == 0)
            {
                // The cursor sits on a blank line's indentation: the code starts here, not on a line after it.
                var firstCode = 0;
                while (firstCode < text.Length && char.IsWhiteSpace(text[firstCode])) firstCode++;
                if (text[..firstCode].Contains('\n'))
                {
                    text = text[firstCode..];
                }
            }

            text = string.Join('\n', text.Split('\n').Select(DropRepeatedTail));
            text = CutWhereBlockCloses(text);
            text = DropRepeatedLines(text);
            text = DropSuffixRepeat(text.TrimEnd(), document.Suffix);
            text = string.Join('\n', text.Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n', ' ', '\t');
            if (IndentationStyle.Detect(document.Text) is { } style)
            {
                text = style.Apply(text, atLineStart: document.LinePrefix.Length == 0);
            }
        }

        if (string.IsNullOrWhiteSpace(text) || IsBareCommentMarkers(text))
        {
            return null;
        }

        return EchoFilter.Remove(text, document, multiLine) is { } kept && !string.IsNullOrWhiteSpace(kept) ? kept : null;
    }

    /// <summary>Lines that are only comment markers (<c>//</c>, <c>///</c>, <c>/*</c>, <c>*</c>, <c>*/</c>) say nothing:
    /// short, they score a high mean log-probability and would win the ranking over real code.</summary>
    internal static bool IsBareCommentMarkers(string text) =>
        text.Split('\n').All(l => l.Trim() is "" or "//" or "///" or "/*" or "*" or "*/" or "/**");

    /// <summary>
    /// Roslyn pass over a cleaned candidate: in a type body keep only the first complete member; a single line whose
    /// splice adds syntax errors loses trailing closers the document already has, and is returned unchanged when that
    /// does not help. Several lines that do not parse are left to the ranker (repair, then cut-back).
    /// </summary>
    public static string? Refine(string text, SpliceChecker checker, bool multiLine)
    {
        if (!multiLine)
        {
            if (checker.NewSyntaxErrors(text) == 0)
            {
                return text;
            }

            var trimmed = text;
            for (var i = 0; i < 4 && trimmed.Length > 0 && Closers.Contains(trimmed[^1]); i++)
            {
                trimmed = trimmed[..^1].TrimEnd();
                if (trimmed.Length > 0 && checker.NewSyntaxErrors(trimmed) == 0)
                {
                    return trimmed;
                }
            }

            return text;
        }

        // A block that does not parse is left whole: the ranker first tries a bracket repair of all of it and only then
        // cuts it back to the lines that parse (cutting here lost the repairable end of a block: a `set { ... }` whose
        // closing brace the token limit took).
        return FirstMember(text, checker);
    }

    /// <summary>In a type or namespace body a block completion is one member: cut after the first complete one.</summary>
    private static string FirstMember(string text, SpliceChecker checker)
    {
        var cursor = checker.Analysis.Cursor;
        var root = checker.Splice(text).GetRoot();
        var member = root.DescendantNodes(n => n.FullSpan.IntersectsWith(cursor) || n.SpanStart >= cursor)
            .OfType<MemberDeclarationSyntax>()
            .FirstOrDefault(m => m.SpanStart >= cursor && m.SpanStart < cursor + text.Length
                && m.Parent is BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax or CompilationUnitSyntax);
        if (member is null || member is BaseNamespaceDeclarationSyntax || member.Span.End > cursor + text.Length || member.ContainsDiagnostics)
        {
            return text;
        }

        var end = member.Span.End - cursor;
        return end < text.Length && text[end..].Trim().Length > 0 ? text[..end] : text;
    }

    /// <summary>A tail that repeats a piece of up to 64 characters four or more times (<c>.a.a.a.a</c>, or
    /// <c> || this.IsUnrestricted () || this.IsUnrestricted () || this.IsUnr</c>, cut off by the token limit) is a
    /// loop: keep one piece.</summary>
    internal static string DropRepeatedTail(string text)
    {
        for (var period = 1; period <= 64 && period * 4 <= text.Length; period++)
        {
            // The longest tail with this period (the last piece may be partial: the token limit cut it).
            var matched = 0;
            while (matched < text.Length - period && text[text.Length - 1 - matched] == text[text.Length - 1 - matched - period])
            {
                matched++;
            }

            var periodic = matched + period;
            if (periodic >= 4 * period && periodic >= 8)
            {
                // Whole pieces come off the end, so the kept text ends as the loop did (`Check(0, 0, 0, 0` -> `Check(0, 0`).
                return text[..^((periodic / period - 1) * period)];
            }
        }

        return text;
    }

    /// <summary>
    /// The rest of the line after the cursor (e.g. <c>);</c>) stays in the document; if the completion ends with (a
    /// start of) it, drop that part, choosing the cut that leaves the line's brackets balanced.
    /// </summary>
    internal static string TrimLineSuffixOverlap(string completion, string linePrefix, string lineSuffix)
    {
        var rest = lineSuffix.Trim();
        if (rest.Length == 0 || completion.Length == 0)
        {
            return completion;
        }

        if (completion.EndsWith(rest, StringComparison.Ordinal) && completion.Length > rest.Length)
        {
            return completion[..^rest.Length].TrimEnd();
        }

        // Try overlaps made of closing characters: the longest whose removal balances the line.
        var best = completion;
        var bestBalanced = Balanced(linePrefix + completion + lineSuffix);
        for (var k = 1; k <= Math.Min(rest.Length, completion.Length - 1); k++)
        {
            var tail = rest[..k];
            if (!tail.All(c => Closers.Contains(c) || char.IsWhiteSpace(c)) || !completion.EndsWith(tail, StringComparison.Ordinal))
            {
                continue;
            }

            var trimmed = completion[..^k];
            if (!bestBalanced && Balanced(linePrefix + trimmed + lineSuffix))
            {
                best = trimmed;
                bestBalanced = true;
            }
        }

        return best;
    }

    /// <summary>Cuts the middle where it closes a brace opened before the cursor.</summary>
    internal static string CutWhereBlockCloses(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth < 0)
                    {
                        var lineStart = text.LastIndexOf('\n', Math.Max(0, i - 1));
                        return lineStart < 0 ? text[..i] : text[..lineStart];
                    }

                    break;
            }
        }

        return text;
    }

    /// <summary>A line repeated three or more times in a row is a loop: keep one.</summary>
    internal static string DropRepeatedLines(string text)
    {
        var lines = text.Split('\n');
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (result.Count >= 2 && line.Trim().Length > 0 && result[^1].Trim() == line.Trim() && result[^2].Trim() == line.Trim())
            {
                result.RemoveAt(result.Count - 1);
                break;
            }

            result.Add(line);
        }

        return string.Join('\n', result);
    }

    /// <summary>Drops trailing lines of the middle that repeat the first lines after the cursor.</summary>
    internal static string DropSuffixRepeat(string text, string suffix)
    {
        var suffixLines = suffix.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(8).ToList();
        if (suffixLines.Count == 0)
        {
            return text;
        }

        var lines = text.Split('\n').ToList();
        for (var m = Math.Min(lines.Count - 1, suffixLines.Count); m >= 1; m--)
        {
            var tail = lines.Skip(lines.Count - m).Select(l => l.Trim()).ToList();
            if (tail.SequenceEqual(suffixLines.Take(m)))
            {
                return string.Join('\n', lines.Take(lines.Count - m));
            }
        }

        return text;
    }

    private static bool Balanced(string line)
    {
        var stack = new Stack<char>();
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && (i == 0 || line[i - 1] != '\\'))
            {
                inString = !inString;
                continue;
            }

            if (inString) continue;
            switch (c)
            {
                case '(' or '[' or '{':
                    stack.Push(c);
                    break;
                case ')' or ']' or '}':
                    var open = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (stack.Count == 0 || stack.Pop() != open) return false;
                    break;
            }
        }

        return stack.Count == 0;
    }
}
