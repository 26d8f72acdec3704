using FimComplete.Protocol;

namespace FimComplete.Server.Documents;

/// <summary>Applies LSP content changes to a text.</summary>
public static class TextEdits
{
    /// <summary>
    /// Applies the changes in order (each range refers to the text after the previous change; a change without a
    /// range replaces the whole text). Out-of-range positions are clamped as in <see cref="LineIndex.GetOffset"/>;
    /// a range whose end is before its start is treated as the range between the two positions.
    /// </summary>
    /// <returns>The new text; <paramref name="warnings"/> counts the changes that needed clamping.</returns>
    public static string Apply(string text, IReadOnlyList<TextDocumentContentChangeEvent> changes, out int warnings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(changes);
        warnings = 0;
        LineIndex? index = null;
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                text = change.Text;
                index = null;
                continue;
            }

            index ??= LineIndex.Create(text);
            int start = index.GetOffset(text, change.Range.Start, out bool c1);
            int end = index.GetOffset(text, change.Range.End, out bool c2);
            if (c1 || c2 || end < start)
            {
                warnings++;
            }

            if (end < start)
            {
                (start, end) = (end, start);
            }

            if (start == end && change.Text.Length == 0)
            {
                continue;
            }

            text = string.Concat(text.AsSpan(0, start), change.Text, text.AsSpan(end));
            index = null;
        }

        return text;
    }
}
