namespace FimComplete.Engine.Text;

/// <summary>
/// How a document indents: tabs, or spaces in steps of <see cref="Unit"/>. The model learned from a corpus that mixes
/// mono's tab-indented code with space-indented .NET code and often indents a completion the other way from the file
/// it is in; <see cref="Apply"/> rewrites a completion's line indentation into the document's style.
/// </summary>
public sealed record IndentationStyle(bool Tabs, int Unit)
{
    private const int MaxLines = 4000;

    /// <summary>The document's style when one clearly dominates (at least 4 of 5 indented lines); null when mixed or
    /// when nothing is indented.</summary>
    public static IndentationStyle? Detect(string text)
    {
        int tabs = 0, spaces = 0, lines = 0, byFour = 0;
        var start = 0;
        while (start < text.Length && lines++ < MaxLines)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            if (start < end && text[start] == '\t')
            {
                tabs++;
            }
            else if (start < end && text[start] == ' ')
            {
                var n = 0;
                while (start + n < end && text[start + n] == ' ') n++;
                var isContinuation = start + n < end && text[start + n] == '*'; // doc comment continuation (" * ...")
                if (start + n < end && !isContinuation)
                {
                    spaces++;
                    if (n % 4 == 0) byFour++;
                }
            }

            start = end + 1;
        }

        var indented = tabs + spaces;
        if (indented == 0) return null;
        if (tabs * 5 >= indented * 4) return new IndentationStyle(true, 4);
        if (spaces * 5 >= indented * 4) return new IndentationStyle(false, byFour * 5 >= spaces * 4 ? 4 : 2);
        return null;
    }

    /// <summary>
    /// Rewrites the leading whitespace of each line of <paramref name="completion"/> that starts a document line (every
    /// line after the first; the first too when <paramref name="atLineStart"/>): tabs become <see cref="Unit"/> spaces in
    /// a space-indented document; runs of <see cref="Unit"/> spaces become tabs in a tab-indented one.
    /// </summary>
    public string Apply(string completion, bool atLineStart)
    {
        if (completion.IndexOf(Tabs ? ' ' : '\t') < 0)
        {
            return completion;
        }

        var lines = completion.Split('\n');
        for (var i = atLineStart ? 0 : 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var n = 0;
            while (n < line.Length && line[n] is ' ' or '\t') n++;
            if (n == 0) continue;
            var width = 0;
            foreach (var c in line.AsSpan(0, n)) width += c == '\t' ? Unit : 1;
            var indent = Tabs ? new string('\t', width / Unit) + new string(' ', width % Unit) : new string(' ', width);
            lines[i] = indent + line[n..];
        }

        return string.Join('\n', lines);
    }
}
