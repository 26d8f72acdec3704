using System.Text;

namespace FimComplete.Hardening.Tests.Infrastructure;

/// <summary>The client's copy of a document: LSP positions (UTF-16, \r\n / \n / \r line ends) and edits.</summary>
public sealed class ClientDocument(string text)
{
    public string Text { get; private set; } = text;

    public int Version { get; private set; } = 1;

    public (int Line, int Character) PositionOf(int offset)
    {
        int line = 0, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            char c = this.Text[i];
            if (c == '\r' && i + 1 < this.Text.Length && this.Text[i + 1] == '\n')
            {
                continue; // the \n ends the line
            }

            if (c is '\n' or '\r')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart);
    }

    /// <summary>A valid offset: not inside a surrogate pair or a \r\n.</summary>
    public int Snap(int offset)
    {
        offset = Math.Clamp(offset, 0, this.Text.Length);
        if (offset > 0 && offset < this.Text.Length
            && ((char.IsHighSurrogate(this.Text[offset - 1]) && char.IsLowSurrogate(this.Text[offset])) || (this.Text[offset - 1] == '\r' && this.Text[offset] == '\n')))
        {
            offset--;
        }

        return offset;
    }

    /// <summary>Replaces [start, end) with <paramref name="insert"/>; returns the LSP change (range in the text before the edit).</summary>
    public object Replace(int start, int end, string insert)
    {
        var from = this.PositionOf(start);
        var to = this.PositionOf(end);
        this.Text = string.Concat(this.Text.AsSpan(0, start), insert, this.Text.AsSpan(end));
        return new { range = new { start = new { line = from.Line, character = from.Character }, end = new { line = to.Line, character = to.Character } }, text = insert };
    }

    public object ReplaceAll(string text)
    {
        this.Text = text;
        return new { text };
    }

    public object DidChange(IEnumerable<object> changes) => new { textDocument = new { uri = (string?)null, version = ++this.Version }, contentChanges = changes.ToArray() };

    /// <summary>Random C#-ish text: identifiers, punctuation, \r\n, \n, emoji (surrogate pairs), non-ASCII letters.</summary>
    public static string RandomInsert(Random random, int maxLength)
    {
        var builder = new StringBuilder();
        int length = random.Next(0, maxLength + 1);
        string[] pieces = ["x", "value", " ", ".", "(", ")", "{", "}", ";", " = ", "return ", "var ", "\r\n", "\n", "😀", "é", "\"s\"", "1", "+", "if (", "    "];
        while (builder.Length < length)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }
}
