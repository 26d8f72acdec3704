namespace FimComplete.Inference.Generation;

/// <summary>
/// Proposes the tokens that may follow a candidate's generated tokens, for the generator to verify against the model in
/// one forward pass (speculative decoding with no second model). A wrong draft costs compute, never output: the
/// generator keeps only the drafts greedy decoding would have chosen.
/// </summary>
public interface IDraftSource
{
    /// <summary>Writes up to <c>drafts.Length</c> proposed next tokens after <paramref name="prompt"/> followed by
    /// <paramref name="generated"/>; returns how many it wrote.</summary>
    int Draft(IReadOnlyList<int> prompt, IReadOnlyList<int> generated, Span<int> drafts);
}

/// <summary>
/// Prompt lookup decoding: finds the longest match (up to <see cref="MaxMatch"/> tokens) of the text's last tokens
/// earlier in the prompt and the generated tokens, the most recent one on ties, and proposes what followed it. Code
/// repeats itself (the suffix the middle runs into, the previous line's shape, names in scope), so the continuation
/// of an earlier occurrence is often the next tokens verbatim.
/// </summary>
public sealed class PromptLookupDraftSource(int maxMatch = 8, int minMatch = 1) : IDraftSource
{
    public static PromptLookupDraftSource Default { get; } = new();

    public int MaxMatch { get; } = Math.Max(1, maxMatch);

    public int MinMatch { get; } = Math.Max(1, minMatch);

    public int Draft(IReadOnlyList<int> prompt, IReadOnlyList<int> generated, Span<int> drafts)
    {
        var length = prompt.Count + generated.Count;
        if (drafts.Length == 0 || length < 2)
        {
            return 0;
        }

        int At(int i) => i < prompt.Count ? prompt[i] : generated[i - prompt.Count];

        // end: the position just after an earlier occurrence; its match length counts equal tokens backwards from
        // end - 1 against the text's last tokens.
        var bestEnd = -1;
        var bestLength = 0;
        var last = At(length - 1);
        for (var end = length - 1; end >= 1; end--)
        {
            if (At(end - 1) != last)
            {
                continue;
            }

            var matched = 1;
            while (matched < MaxMatch && end - 1 - matched >= 0 && At(end - 1 - matched) == At(length - 1 - matched)) matched++;
            if (matched > bestLength)
            {
                bestLength = matched;
                bestEnd = end;
                if (matched == MaxMatch)
                {
                    break;
                }
            }
        }

        if (bestEnd < 0 || bestLength < MinMatch)
        {
            return 0;
        }

        var count = Math.Min(drafts.Length, length - bestEnd);
        for (var i = 0; i < count; i++) drafts[i] = At(bestEnd + i);
        return count;
    }
}
