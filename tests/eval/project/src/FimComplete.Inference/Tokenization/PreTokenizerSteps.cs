using System.Text.RegularExpressions;

namespace FimComplete.Inference.Tokenization;

/// <summary>One step of a Hugging Face pre-tokenizer pipeline: splits a piece of text into smaller pieces.</summary>
internal abstract class PreTokenizerStep
{
    /// <summary>Appends the (offset, length) pieces of <c>text[offset..offset+length]</c> to <paramref name="output"/>.</summary>
    public abstract void Split(string text, int offset, int length, List<(int Offset, int Length)> output);
}

/// <summary>HF <c>Split</c> (and the regex half of <c>ByteLevel</c>): regex matches and the gaps between them.</summary>
internal sealed class RegexSplitStep(Regex regex, RegexSplitStep.Behavior behavior) : PreTokenizerStep
{
    public enum Behavior
    {
        Isolated,
        MergedWithPrevious,
        MergedWithNext,
        Removed,
    }

    /// <summary>The regex GPT-2's ByteLevel pre-tokenizer uses when use_regex is true.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public override void Split(string text, int offset, int length, List<(int Offset, int Length)> output)
    {
        var end = offset + length;
        var cursor = offset;
        var pendingStart = -1; // start of a piece that merges with the next match (MergedWithNext)
        for (var match = regex.Match(text, offset, length); match.Success; match = match.NextMatch())
        {
            if (match.Length == 0)
            {
                continue;
            }

            if (match.Index > cursor)
            {
                EmitGap(cursor, match.Index - cursor, output, ref pendingStart);
            }

            switch (behavior)
            {
                case Behavior.Isolated:
                    output.Add((match.Index, match.Length));
                    break;
                case Behavior.Removed:
                    break;
                case Behavior.MergedWithPrevious:
                    if (output.Count > 0 && output[^1].Offset + output[^1].Length == match.Index && match.Index > offset)
                    {
                        var last = output[^1];
                        output[^1] = (last.Offset, last.Length + match.Length);
                    }
                    else
                    {
                        output.Add((match.Index, match.Length));
                    }

                    break;
                case Behavior.MergedWithNext:
                    pendingStart = pendingStart >= 0 ? pendingStart : match.Index;
                    break;
            }

            cursor = match.Index + match.Length;
        }

        if (cursor < end)
        {
            EmitGap(cursor, end - cursor, output, ref pendingStart);
        }

        if (pendingStart >= 0)
        {
            output.Add((pendingStart, end - pendingStart));
        }
    }

    private void EmitGap(int start, int length, List<(int Offset, int Length)> output, ref int pendingStart)
    {
        if (behavior == Behavior.MergedWithNext && pendingStart >= 0)
        {
            output.Add((pendingStart, start + length - pendingStart));
            pendingStart = -1;
            return;
        }

        output.Add((start, length));
    }
}

/// <summary>HF <c>Digits</c>: digits apart from the rest, each digit alone when <c>individual_digits</c>.</summary>
internal sealed class DigitsStep(bool individualDigits) : PreTokenizerStep
{
    public override void Split(string text, int offset, int length, List<(int Offset, int Length)> output)
    {
        var end = offset + length;
        var start = offset;
        for (var i = offset; i < end; i++)
        {
            if (!char.IsDigit(text[i]))
            {
                continue;
            }

            if (i > start)
            {
                output.Add((start, i - start));
            }

            if (individualDigits)
            {
                output.Add((i, 1));
                start = i + 1;
            }
            else
            {
                var j = i;
                while (j < end && char.IsDigit(text[j])) j++;
                output.Add((i, j - i));
                start = j;
                i = j - 1;
            }
        }

        if (start < end)
        {
            output.Add((start, end - start));
        }
    }
}
