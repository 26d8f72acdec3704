namespace FimComplete.Server.Completion;

/// <summary>
/// The last completion shown per document. When the user types characters that match the start of the top suggestion,
/// the document is the old one with exactly those characters inserted at the old cursor; the remainder of the
/// suggestions can then be answered at once without running the model.
/// </summary>
public sealed class TypingThroughCache
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly object gate = new();

    /// <summary>Remembers the completions shown for <paramref name="uri"/> at <paramref name="offset"/> in <paramref name="text"/> (best first).</summary>
    public void Remember(string uri, string text, int offset, IReadOnlyList<string> items) => this.Remember(uri, text, offset, items, null);

    /// <summary>As <see cref="Remember(string, string, int, IReadOnlyList{string})"/>, with the ranker's score of each item
    /// (same order), which <see cref="TryGetRemainderItems"/> gives back.</summary>
    public void Remember(string uri, string text, int offset, IReadOnlyList<string> items, IReadOnlyList<double>? scores)
    {
        lock (this.gate)
        {
            if (items.Count == 0 || items[0].Length == 0)
            {
                this.entries.Remove(uri);
            }
            else
            {
                this.entries[uri] = new Entry(text, offset, [.. items], scores is not null && scores.Count == items.Count ? [.. scores] : null);
            }
        }
    }

    /// <summary>
    /// If <paramref name="text"/> is the remembered text with a prefix of the top item typed at the remembered offset and
    /// <paramref name="offset"/> is just after what was typed, returns the rest of every remembered item that starts
    /// with the typed text (in the remembered order), else null. <paramref name="allowUnchanged"/> also answers the
    /// identical request again (nothing typed).
    /// </summary>
    public IReadOnlyList<string>? TryGetRemainders(string uri, string text, int offset, bool allowUnchanged) =>
        this.TryGetRemainderItems(uri, text, offset, allowUnchanged)?.Select(r => r.Text).ToList();

    /// <summary>As <see cref="TryGetRemainders"/>, each remainder with the score remembered for its item (null when none was).</summary>
    public IReadOnlyList<(string Text, double? Score)>? TryGetRemainderItems(string uri, string text, int offset, bool allowUnchanged)
    {
        Entry? entry;
        lock (this.gate)
        {
            if (!this.entries.TryGetValue(uri, out entry))
            {
                return null;
            }
        }

        int typedLength = text.Length - entry.Text.Length;
        if (typedLength < 0 || offset != entry.Offset + typedLength || (typedLength == 0 && !allowUnchanged))
        {
            return null;
        }

        string top = entry.Items[0];
        if (typedLength >= top.Length)
        {
            return null;
        }

        var typed = text.AsSpan(entry.Offset, typedLength);
        if (!top.AsSpan().StartsWith(typed, StringComparison.Ordinal)
            || !text.AsSpan(0, entry.Offset).SequenceEqual(entry.Text.AsSpan(0, entry.Offset))
            || !text.AsSpan(offset).SequenceEqual(entry.Text.AsSpan(entry.Offset)))
        {
            return null;
        }

        var remainders = new List<(string Text, double? Score)>(entry.Items.Length);
        for (int i = 0; i < entry.Items.Length; i++)
        {
            string item = entry.Items[i];
            if (item.Length > typedLength && item.AsSpan().StartsWith(typed, StringComparison.Ordinal))
            {
                remainders.Add((item[typedLength..], entry.Scores?[i]));
            }
        }

        return remainders;
    }

    public void Forget(string uri)
    {
        lock (this.gate)
        {
            this.entries.Remove(uri);
        }
    }

    public void Clear()
    {
        lock (this.gate)
        {
            this.entries.Clear();
        }
    }

    private sealed record Entry(string Text, int Offset, string[] Items, double[]? Scores);
}
