namespace FimComplete.Engine.Text;

/// <summary>
/// A document as the model sees it: CRLF (and lone CR) turned into LF, with the cursor mapped. The training corpus
/// is ~98% LF, so the model gets LF; completions are turned back into the document's line ending on the way out.
/// </summary>
public sealed record NormalizedDocument(string Text, int Cursor, string LineEnding)
{
    public static NormalizedDocument Create(string text, int cursor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cursor, text.Length);
        var lineEnding = DetectLineEnding(text);
        if (!text.Contains('\r'))
        {
            return new NormalizedDocument(text, cursor, lineEnding);
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var mappedCursor = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (i == cursor)
            {
                mappedCursor = builder.Length;
            }

            var c = text[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++; // a cursor between CR and LF lands after the line break
                    if (i == cursor)
                    {
                        mappedCursor = builder.Length;
                    }
                }

                continue;
            }

            builder.Append(c);
        }

        if (mappedCursor < 0)
        {
            mappedCursor = builder.Length;
        }

        return new NormalizedDocument(builder.ToString(), mappedCursor, lineEnding);
    }

    /// <summary>The document's dominant line ending ("\r\n" when most breaks are CRLF, else "\n").</summary>
    public static string DetectLineEnding(string text)
    {
        var crlf = 0;
        var lf = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                if (i > 0 && text[i - 1] == '\r') crlf++;
                else lf++;
            }
        }

        return crlf > lf ? "\r\n" : "\n";
    }

    /// <summary>Model text (LF) back into the document's line ending.</summary>
    public string Restore(string modelText) =>
        LineEnding == "\n" ? modelText : modelText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", LineEnding, StringComparison.Ordinal);

    public string Prefix => Text[..Cursor];

    public string Suffix => Text[Cursor..];

    /// <summary>Text of the cursor's line before the cursor.</summary>
    public string LinePrefix
    {
        get
        {
            var start = Cursor == 0 ? 0 : Text.LastIndexOf('\n', Cursor - 1) + 1;
            return Text[start..Cursor];
        }
    }

    /// <summary>Text of the cursor's line after the cursor.</summary>
    public string LineSuffix
    {
        get
        {
            var end = Text.IndexOf('\n', Cursor);
            return end < 0 ? Text[Cursor..] : Text[Cursor..end];
        }
    }
}
