using System.Globalization;
using System.Text;

namespace FimComplete.Inference.Tokenization;

/// <summary>
/// The SentencePiece-style BPE of Hugging Face tokenizers (<c>"byte_fallback": true</c>, as in CodeLlama and CodeGemma):
/// spaces become the metaspace <c>▁</c>, symbols are Unicode characters, merges apply by rank, and a character missing
/// from the vocabulary becomes the byte tokens <c>&lt;0xNN&gt;</c> of its UTF-8 encoding, so no text is lost.
/// <para>Steps that only make sense at the start of a whole sequence (the normalizer's <c>Prepend("▁")</c>,
/// Metaspace's <c>prepend_scheme</c>, the decoder's <c>Strip</c>) are not applied: FimComplete encodes fragments of a
/// document (prefix, suffix, context blocks) and needs decode(encode(x)) == x for each.</para>
/// </summary>
internal sealed class SentencePieceBpe
{
    public const char Metaspace = '\u2581';

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<(int Left, int Right), (int Rank, int Merged)> _merges;
    private readonly int[] _byteIds;
    private readonly bool _splitOnMetaspace;
    private readonly IReadOnlyList<(string Pattern, string Content)> _replacements;

    private SentencePieceBpe(
        Dictionary<string, int> vocab,
        Dictionary<(int, int), (int, int)> merges,
        int[] byteIds,
        bool splitOnMetaspace,
        IReadOnlyList<(string Pattern, string Content)> replacements)
    {
        _vocab = vocab;
        _merges = merges;
        _byteIds = byteIds;
        _splitOnMetaspace = splitOnMetaspace;
        _replacements = replacements;
    }

    /// <summary>The byte a token <c>&lt;0xNN&gt;</c> stands for; null for any other token.</summary>
    public static byte? ByteOfToken(string token) =>
        token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
        && byte.TryParse(token.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>The bytes a vocabulary token decodes to: its byte for <c>&lt;0xNN&gt;</c>, else its UTF-8 with <c>▁</c>
    /// as a space (the decoder steps Replace("▁", " "), ByteFallback and Fuse).</summary>
    public static byte[] TokenBytes(string token) =>
        ByteOfToken(token) is { } b ? [b] : Encoding.UTF8.GetBytes(token.Replace(Metaspace, ' '));

    /// <param name="vocab">Vocabulary (token → id), without added tokens.</param>
    /// <param name="merges">Merges in rank order, as "left right".</param>
    /// <param name="splitOnMetaspace">Metaspace pre-tokenizer with split=true: each <c>▁</c> starts a new word.</param>
    /// <param name="replacements">The normalizer's Replace steps (e.g. " " → "▁"), applied in order.</param>
    public static SentencePieceBpe Create(
        Dictionary<string, int> vocab,
        IReadOnlyList<string> merges,
        bool splitOnMetaspace,
        IReadOnlyList<(string Pattern, string Content)> replacements)
    {
        var byteIds = new int[256];
        for (var b = 0; b < 256; b++)
        {
            var token = string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>");
            byteIds[b] = vocab.TryGetValue(token, out var id)
                ? id
                : throw new FormatException($"byte_fallback is set but the vocabulary has no {token}");
        }

        var ranks = new Dictionary<(int, int), (int, int)>();
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var parts = merges[rank].Split(' ');
            if (parts.Length != 2)
            {
                throw new FormatException($"merge {rank} is not two tokens: '{merges[rank]}'");
            }

            if (vocab.TryGetValue(parts[0], out var left) && vocab.TryGetValue(parts[1], out var right)
                && vocab.TryGetValue(parts[0] + parts[1], out var merged))
            {
                ranks.TryAdd((left, right), (rank, merged));
            }
            else
            {
                throw new FormatException($"merge {rank} '{merges[rank]}' names a token missing from the vocabulary");
            }
        }

        return new SentencePieceBpe(vocab, ranks, byteIds, splitOnMetaspace, replacements);
    }

    public List<int> EncodeToIds(string text)
    {
        foreach (var (pattern, content) in _replacements)
        {
            text = text.Replace(pattern, content, StringComparison.Ordinal);
        }

        var ids = new List<int>(text.Length / 2);
        if (!_splitOnMetaspace)
        {
            EncodeWord(text, ids);
            return ids;
        }

        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == Metaspace)
            {
                EncodeWord(text[start..i], ids);
                start = i;
            }
        }

        return ids;
    }

    /// <summary>BPE on one word: merges the lowest-ranked adjacent pair first (leftmost on ties), as HF does.</summary>
    private void EncodeWord(string word, List<int> ids)
    {
        if (word.Length == 0)
        {
            return;
        }

        // Symbols as a doubly linked list over arrays; a removed symbol has id -1.
        var symbols = new List<int>(word.Length);
        var utf8 = new byte[4];
        for (var i = 0; i < word.Length;)
        {
            var length = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            var character = word.Substring(i, length);
            if (_vocab.TryGetValue(character, out var id))
            {
                symbols.Add(id);
            }
            else
            {
                // A lone surrogate has no UTF-8 form: HF sees U+FFFD there.
                var count = Encoding.UTF8.GetBytes(char.IsSurrogate(character[0]) && length == 1 ? "\uFFFD" : character, utf8);
                for (var b = 0; b < count; b++)
                {
                    symbols.Add(_byteIds[utf8[b]]);
                }
            }

            i += length;
        }

        var n = symbols.Count;
        var previous = new int[n];
        var next = new int[n];
        for (var i = 0; i < n; i++)
        {
            previous[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        var queue = new PriorityQueue<(int Left, int LeftId, int RightId), (int Rank, int Position)>();
        void Consider(int left)
        {
            var right = next[left];
            if (right >= 0 && _merges.TryGetValue((symbols[left], symbols[right]), out var merge))
            {
                queue.Enqueue((left, symbols[left], symbols[right]), (merge.Rank, left));
            }
        }

        for (var i = 0; i + 1 < n; i++)
        {
            Consider(i);
        }

        while (queue.TryDequeue(out var pair, out _))
        {
            var right = next[pair.Left];
            // Stale entries: either side changed since the pair was queued.
            if (symbols[pair.Left] != pair.LeftId || right < 0 || symbols[right] != pair.RightId)
            {
                continue;
            }

            symbols[pair.Left] = _merges[(pair.LeftId, pair.RightId)].Merged;
            symbols[right] = -1;
            next[pair.Left] = next[right];
            if (next[right] >= 0)
            {
                previous[next[right]] = pair.Left;
            }

            if (previous[pair.Left] >= 0)
            {
                Consider(previous[pair.Left]);
            }

            Consider(pair.Left);
        }

        for (var i = 0; i >= 0 && i < n; i = next[i])
        {
            ids.Add(symbols[i]);
        }
    }
}
