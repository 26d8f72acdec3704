using FimComplete.Inference.Tokenization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FimComplete.Inference.Tests;

public sealed class TokenizerTests
{
    private static readonly Lazy<HfTokenizer[]> Tokenizers = new(() =>
        new[] { "mha-manifest", "gqa-hf", "merged-hf", "fp16kv-hf" }
            .Select(f => HfTokenizer.Load(Path.Combine(TestPaths.Fixture(f), "tokenizer.json")))
            .ToArray());

    /// <summary>Random Unicode text: code-ish ASCII, whitespace (tabs, CRLF), accented letters, CJK, emoji, lone surrogates excluded.</summary>
    private static Arbitrary<string> UnicodeText()
    {
        var pieces = Gen.Elements(
            "public", " ", "\t", "\r\n", "\n", "{", "}", "(", ")", ";", "é", "ü", "中文", "😀", "𝔸", "'s", "123", "0x1F", "  ", "<", ">", "|", "_x", "ß");
        var randomChar = Gen.Choose(0x20, 0xD7FF).Select(c => ((char)c).ToString());
        var piece = Gen.Frequency((3, pieces), (1, randomChar));
        return Gen.ListOf(piece).Select(list => string.Concat(list)).ToArbitrary();
    }

    [Property(MaxTest = 300)]
    public Property Encode_then_decode_round_trips_any_text()
    {
        return Prop.ForAll(UnicodeText(), text =>
            Tokenizers.Value.All(t => t.Decode(t.Encode(text)) == text));
    }

    [Property(MaxTest = 200)]
    public Property Special_tokens_are_never_split(NonNegativeInt position)
    {
        return Prop.ForAll(UnicodeText(), text =>
            Tokenizers.Value.All(t =>
            {
                var special = t.AddedTokens.Keys.First();
                var at = Math.Min(position.Get, text.Length);
                if (at > 0 && at < text.Length && char.IsLowSurrogate(text[at]))
                {
                    at--; // never between the halves of a surrogate pair
                }

                var withSpecial = text[..at] + special + text[at..];
                var ids = t.EncodeWithSpecialTokens(withSpecial);
                return ids.Contains(t.AddedTokens[special]) && t.Decode(ids) == withSpecial;
            }));
    }

    [Fact]
    public void Ordinary_encoding_never_produces_special_ids_from_user_text()
    {
        foreach (var tokenizer in Tokenizers.Value)
        {
            var special = tokenizer.AddedTokens.First();
            var ids = tokenizer.Encode("var x = \"" + special.Key + "\";");
            Assert.DoesNotContain(special.Value, ids);
        }
    }

    [Property(MaxTest = 200)]
    public Property Incremental_decoding_never_emits_half_a_character()
    {
        return Prop.ForAll(UnicodeText(), text =>
            Tokenizers.Value.All(t =>
            {
                var decoder = t.CreateIncrementalDecoder();
                var pieces = t.Encode(text).Select(decoder.Append).ToList();
                return string.Concat(pieces) == text && pieces.All(p => !p.Contains('\uFFFD') && (p.Length == 0 || !char.IsHighSurrogate(p[^1])));
            }));
    }
}
