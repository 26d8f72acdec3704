using FimComplete.Engine.Text;

namespace FimComplete.Engine.PostProcessing;

/// <summary>
/// Removes echoes of the code around the cursor: a small model often copies the line just above or below, or writes
/// the start of the suffix again (after <c>new Address(</c>, the next line's argument list). A suggestion that only
/// copies is dropped; a multi-line one is cut where it starts copying the code after the cursor. Works on LF text.
/// </summary>
public static class EchoFilter
{
    /// <summary>Lines shorter than this (<c>}</c>, <c>break;</c>, <c>i++;</c>) repeat legitimately.</summary>
    public const int MinEchoLength = 8;

    /// <summary>The cleaned candidate without echoes; null when all of it is an echo.</summary>
    public static string? Remove(string text, NormalizedDocument document, bool multiLine)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(document);
        var above = LineAbove(document);
        var below = LineBelow(document);
        var lines = text.Split('\n');
        var lineSuffix = multiLine && lines.Length > 1 ? string.Empty : document.LineSuffix;
        var firstLine = (document.LinePrefix + lines[0] + (lines.Length == 1 ? lineSuffix : string.Empty)).Trim();
        if (IsEcho(firstLine, above) || IsEcho(firstLine, below))
        {
            return null;
        }

        if (below is not null && document.LineSuffix.Trim().Length == 0 && StartsTheLine(lines[0].Trim(), below))
        {
            return null;
        }

        if (!multiLine || lines.Length == 1 || below is null)
        {
            return text;
        }

        // A later line that is the first line after the cursor: the model went on into the suffix.
        for (var i = 1; i < lines.Length; i++)
        {
            if (IsEcho(lines[i].Trim(), below))
            {
                return string.Join('\n', lines.Take(i)).TrimEnd();
            }
        }

        return text;
    }

    /// <summary>
    /// A multi-line candidate that the token limit stopped ends wherever the limit fell, often mid-word
    /// (<c>// make sure that cons</c>): its last line goes when it ends in a word and others remain; a single line
    /// loses the partial word.
    /// </summary>
    public static string CutUnfinishedEnd(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimEnd();
        if (trimmed.Length == 0 || !IsWordChar(trimmed[^1]))
        {
            return text;
        }

        var lastBreak = trimmed.LastIndexOf('\n');
        if (lastBreak > 0 && trimmed[..lastBreak].Trim().Length > 0)
        {
            return trimmed[..lastBreak].TrimEnd();
        }

        var end = trimmed.Length;
        while (end > 0 && IsWordChar(trimmed[end - 1])) end--;
        return trimmed[..end].TrimEnd();
    }

    private static bool IsEcho(string line, string? neighbour) =>
        neighbour is not null && line.Length >= MinEchoLength && line.Any(char.IsLetter) && line == neighbour;

    /// <summary>The completion is most of the next line's start (the rest of an argument list already written below).</summary>
    private static bool StartsTheLine(string completion, string below) =>
        completion.Length >= MinEchoLength && completion.Any(char.IsLetter) && below.StartsWith(completion, StringComparison.Ordinal)
        && completion.Length * 2 >= below.Length;

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>The last non-blank line before the cursor's line, trimmed.</summary>
    private static string? LineAbove(NormalizedDocument document)
    {
        var lineStart = document.Cursor - document.LinePrefix.Length;
        var end = lineStart - 1;
        while (end > 0)
        {
            var start = document.Text.LastIndexOf('\n', end - 1) + 1;
            var line = document.Text[start..end].Trim();
            if (line.Length > 0)
            {
                return line;
            }

            end = start - 1;
        }

        return null;
    }

    /// <summary>The first non-blank line after the cursor's line, trimmed.</summary>
    private static string? LineBelow(NormalizedDocument document)
    {
        var start = document.Text.IndexOf('\n', document.Cursor);
        while (start >= 0 && start + 1 < document.Text.Length)
        {
            var end = document.Text.IndexOf('\n', start + 1);
            var line = (end < 0 ? document.Text[(start + 1)..] : document.Text[(start + 1)..end]).Trim();
            if (line.Length > 0)
            {
                return line;
            }

            start = end;
        }

        return null;
    }
}
