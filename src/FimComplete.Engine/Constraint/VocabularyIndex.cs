using System.Runtime.CompilerServices;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Engine.Constraint;

/// <summary>A tokenizer's vocabulary as bytes, grouped by first byte (built once per tokenizer).</summary>
public sealed class VocabularyIndex
{
    private static readonly ConditionalWeakTable<HfTokenizer, VocabularyIndex> Cache = new();

    private VocabularyIndex(HfTokenizer tokenizer)
    {
        Size = tokenizer.VocabularySize;
        Bytes = new byte[Size][];
        var special = tokenizer.AddedTokens.Values.ToHashSet();
        var byFirst = new List<int>[256];
        for (var b = 0; b < 256; b++) byFirst[b] = [];
        var nonIdentifier = new List<int>();
        for (var id = 0; id < Size; id++)
        {
            var bytes = tokenizer.TokenBytes(id).ToArray();
            Bytes[id] = bytes;
            if (special.Contains(id) || bytes.Length == 0)
            {
                continue;
            }

            byFirst[bytes[0]].Add(id);
            if (!IsIdentifierByte(bytes[0]))
            {
                nonIdentifier.Add(id);
            }
        }

        Special = special;
        ByFirstByte = byFirst.Select(l => l.ToArray()).ToArray();
        NonIdentifierStart = [.. nonIdentifier];
    }

    public int Size { get; }

    public byte[][] Bytes { get; }

    /// <summary>Added (special) token ids: never plain text.</summary>
    public IReadOnlySet<int> Special { get; }

    /// <summary>Ordinary tokens by their first byte.</summary>
    public int[][] ByFirstByte { get; }

    /// <summary>Ordinary tokens whose first byte cannot continue an identifier.</summary>
    public int[] NonIdentifierStart { get; }

    /// <summary>Forbids (−∞) every token not marked in <paramref name="allowed"/>, and any id past its end.</summary>
    public static void Restrict(Span<float> logits, bool[] allowed)
    {
        for (var i = 0; i < logits.Length; i++)
        {
            if (i >= allowed.Length || !allowed[i])
            {
                logits[i] = float.NegativeInfinity;
            }
        }
    }

    public static VocabularyIndex For(HfTokenizer tokenizer) => Cache.GetValue(tokenizer, t => new VocabularyIndex(t));

    /// <summary>ASCII letters, digits, underscore, and any byte of a multi-byte UTF-8 character (Unicode letters).</summary>
    public static bool IsIdentifierByte(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_' or >= 0x80;
}
