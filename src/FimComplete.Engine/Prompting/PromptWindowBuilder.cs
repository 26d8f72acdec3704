using FimComplete.Engine.Text;
using FimComplete.Inference.Models;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Engine.Prompting;

/// <summary>
/// Cuts the prefix (about three quarters of the budget) and the suffix out of a document on line boundaries. The
/// prefix window's first line is snapped to a multiple of <see cref="StartLineQuantum"/> so it stays put while the
/// user types, which keeps the prompt cache warm.
/// </summary>
public sealed class PromptWindowBuilder(HfTokenizer tokenizer, ResolvedFimTemplate template)
{
    public const int StartLineQuantum = 8;

    public PromptWindow Build(NormalizedDocument document, int tokenBudget)
    {
        var prefixBudget = Math.Max(1, tokenBudget * 3 / 4);
        var prefixLines = SplitLinesKeepEnds(document.Prefix);
        var suffixLines = SplitLinesKeepEnds(document.Suffix);

        // Suffix: as many lines as fit in the rest of the budget after the prefix's real need.
        CountFromEnd(prefixLines, prefixBudget, out var prefixNeed);
        var suffixBudget = Math.Max(0, tokenBudget - prefixNeed);
        var suffixCount = CountFromStart(suffixLines, suffixBudget, out var suffixTokens);
        prefixBudget = Math.Max(1, tokenBudget - suffixTokens);

        var (prefixText, prefixStart) = CutPrefix(document.Prefix, prefixLines, prefixBudget);
        var suffixText = string.Concat(suffixLines.Take(suffixCount));
        var prefixIds = template.EncodePrefix(tokenizer, prefixText);
        while (prefixIds.Length > prefixBudget && prefixText.Length > 0)
        {
            // The per-line estimate was short (tokens merge differently across lines): drop whole lines, then characters.
            var newline = prefixText.IndexOf('\n');
            var drop = newline >= 0 && newline + 1 < prefixText.Length ? newline + 1 : Math.Max(1, prefixText.Length / 8);
            prefixText = prefixText[drop..];
            prefixStart += drop;
            prefixIds = template.EncodePrefix(tokenizer, prefixText);
        }

        var suffixIds = template.EncodeSuffix(tokenizer, suffixText);
        while (suffixIds.Length > Math.Max(0, tokenBudget - prefixIds.Length) && suffixText.Length > 0)
        {
            var lastBreak = suffixText.TrimEnd('\n').LastIndexOf('\n');
            suffixText = lastBreak >= 0 ? suffixText[..(lastBreak + 1)] : suffixText[..(suffixText.Length / 2)];
            suffixIds = template.EncodeSuffix(tokenizer, suffixText);
        }

        return new PromptWindow(prefixText, suffixText, prefixStart, document.Cursor + suffixText.Length, prefixIds, suffixIds);
    }

    private (string Text, int Start) CutPrefix(string prefix, List<string> lines, int budget)
    {
        var needed = CountFromEnd(lines, budget, out _);
        var firstLine = lines.Count - needed;
        if (firstLine > 0)
        {
            // Snap forward to a multiple of the quantum: the start moves only every few lines of growth.
            firstLine = Math.Min(lines.Count - 1, (firstLine + StartLineQuantum - 1) / StartLineQuantum * StartLineQuantum);
        }

        var start = 0;
        for (var i = 0; i < firstLine; i++) start += lines[i].Length;
        if (needed == 0 && lines.Count > 0)
        {
            // Even the cursor's line alone is over budget: keep its tail.
            var keep = Math.Min(prefix.Length, budget * 3);
            return (prefix[^keep..], prefix.Length - keep);
        }

        return (prefix[start..], start);
    }

    /// <summary>How many trailing lines fit in the budget.</summary>
    private int CountFromEnd(List<string> lines, int budget, out int tokens)
    {
        tokens = 0;
        var count = 0;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            var cost = tokenizer.Encode(lines[i]).Length;
            if (tokens + cost > budget) break;
            tokens += cost;
            count++;
        }

        return count;
    }

    private int CountFromStart(List<string> lines, int budget, out int tokens)
    {
        tokens = 0;
        var count = 0;
        foreach (var line in lines)
        {
            var cost = tokenizer.Encode(line).Length;
            if (tokens + cost > budget) break;
            tokens += cost;
            count++;
        }

        return count;
    }

    internal static List<string> SplitLinesKeepEnds(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(text[start..]);
                break;
            }

            lines.Add(text[start..(end + 1)]);
            start = end + 1;
        }

        return lines;
    }
}
