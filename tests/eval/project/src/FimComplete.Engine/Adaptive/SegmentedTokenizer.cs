using FimComplete.Inference.Tokenization;

namespace FimComplete.Engine.Adaptive;

/// <summary>How a text is cut into pieces that can be tokenised one by one with the same result as the whole text.</summary>
public enum SegmentationMode
{
    /// <summary>Every line (up to and including its <c>\n</c>) is a segment: the pre-tokenizer isolates newlines, as
    /// FimComplete's own tokenizer does. Edits re-tokenise only the lines they touch.</summary>
    Lines,

    /// <summary>A segment ends at a <c>\n</c> that is followed by a non-whitespace character (GPT-2-style pre-tokenizers
    /// glue newlines to the indentation after them, never to a word).</summary>
    BeforeUnindentedLine,

    /// <summary>The whole text is one segment (a tokenizer whose output neither rule reproduces).</summary>
    Whole,
}

/// <summary>
/// Tokenises documents in segments on which the tokenizer gives exactly the tokens of the whole text (checked once on a
/// probe when constructed), so an edit re-tokenises only the segments it changed and the index holds the same token
/// sequence the model sees in a prompt.
/// </summary>
public sealed class SegmentedTokenizer
{
    private const string Probe = "using System;\n\nnamespace A.B\n{\n    public class C\n    {\n\tint x = 12; // c\n        \n  void F() { }\n}\n}\n\n\n  x\n";

    public SegmentedTokenizer(HfTokenizer tokenizer)
    {
        Tokenizer = tokenizer;
        var whole = tokenizer.Encode(Probe);
        Mode = SegmentationMode.Whole;
        foreach (var mode in new[] { SegmentationMode.Lines, SegmentationMode.BeforeUnindentedLine })
        {
            var pieces = new List<int>();
            foreach (var (start, length) in Split(Probe, mode))
            {
                pieces.AddRange(tokenizer.Encode(Probe.Substring(start, length)));
            }

            if (pieces.SequenceEqual(whole))
            {
                Mode = mode;
                break;
            }
        }
    }

    public HfTokenizer Tokenizer { get; }

    public SegmentationMode Mode { get; }

    /// <summary>The segments of <paramref name="text"/> as (start, length), in order, covering it exactly.</summary>
    public List<(int Start, int Length)> Split(string text) => Split(text, Mode);

    public int[] Encode(string text, int start, int length) => length == 0 ? [] : Tokenizer.Encode(text.Substring(start, length));

    /// <summary>64-bit FNV-1a of a segment's characters (segments are compared by hash and length).</summary>
    public static ulong Hash(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>The text with CRLF (and lone CR) turned into LF, as the model sees documents.</summary>
    public static string NormalizeNewlines(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    private static List<(int Start, int Length)> Split(string text, SegmentationMode mode)
    {
        var segments = new List<(int, int)>();
        if (mode == SegmentationMode.Whole)
        {
            if (text.Length > 0) segments.Add((0, text.Length));
            return segments;
        }

        var start = 0;
        var at = 0;
        while (at < text.Length)
        {
            var newline = text.IndexOf('\n', at);
            if (newline < 0)
            {
                break;
            }

            var end = newline + 1;
            at = end;
            if (mode == SegmentationMode.Lines || (end < text.Length && !char.IsWhiteSpace(text[end])))
            {
                segments.Add((start, end - start));
                start = end;
            }
        }

        if (start < text.Length)
        {
            segments.Add((start, text.Length - start));
        }

        return segments;
    }
}
