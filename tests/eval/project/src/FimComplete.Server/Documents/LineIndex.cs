using FimComplete.Protocol;

namespace FimComplete.Server.Documents;

/// <summary>
/// Line starts of a text, for converting LSP positions (line, UTF-16 code unit) to string offsets and back.
/// Line terminators are <c>\r\n</c>, <c>\n</c> and <c>\r</c>, as in the LSP specification.
/// </summary>
public sealed class LineIndex
{
    private readonly int[] lineStarts;
    private readonly int textLength;

    private LineIndex(int[] lineStarts, int textLength)
    {
        this.lineStarts = lineStarts;
        this.textLength = textLength;
    }

    public int LineCount => this.lineStarts.Length;

    public static LineIndex Create(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var starts = new List<int>(Math.Max(4, text.Length / 32)) { 0 };
        var span = text.AsSpan();
        int i = 0;
        while (i < span.Length)
        {
            int next = span[i..].IndexOfAny('\r', '\n');
            if (next < 0)
            {
                break;
            }

            i += next;
            i += span[i] == '\r' && i + 1 < span.Length && span[i + 1] == '\n' ? 2 : 1;
            starts.Add(i);
        }

        return new LineIndex([.. starts], text.Length);
    }

    /// <summary>Start offset of a line.</summary>
    public int GetLineStart(int line) => this.lineStarts[line];

    /// <summary>Offset just past the line's content (before its terminator).</summary>
    public int GetLineContentEnd(string text, int line)
    {
        int end = line + 1 < this.lineStarts.Length ? this.lineStarts[line + 1] : this.textLength;
        if (end > this.lineStarts[line] && line + 1 < this.lineStarts.Length)
        {
            // Strip the terminator: \n, \r or \r\n.
            end--;
            if (text[end] == '\n' && end > this.lineStarts[line] && text[end - 1] == '\r')
            {
                end--;
            }
        }

        return end;
    }

    /// <summary>
    /// Converts a position to an offset the way the LSP specification asks: a character past the end of the line means
    /// the end of the line; a line past the last line means the end of the text (<paramref name="clamped"/> tells which
    /// happened). Negative values are treated as 0.
    /// </summary>
    public int GetOffset(string text, Position position, out bool clamped)
    {
        ArgumentNullException.ThrowIfNull(position);
        clamped = false;
        int line = position.Line;
        int character = position.Character;
        if (line < 0 || character < 0)
        {
            clamped = true;
            line = Math.Max(0, line);
            character = Math.Max(0, character);
        }

        if (line >= this.lineStarts.Length)
        {
            clamped = true;
            return this.textLength;
        }

        int start = this.lineStarts[line];
        int end = this.GetLineContentEnd(text, line);
        if (character > end - start)
        {
            clamped = true;
            return end;
        }

        return start + character;
    }

    public Position GetPosition(int offset)
    {
        if ((uint)offset > (uint)this.textLength)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Offset must be within 0..{this.textLength}.");
        }

        int line = Array.BinarySearch(this.lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new Position(line, offset - this.lineStarts[line]);
    }
}
