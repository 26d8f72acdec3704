using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FimComplete.Inference.Models;
using FimComplete.Inference.Tokenization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FimComplete.Inference.Tests;

/// <summary>
/// SentencePiece-style BPE with byte fallback (CodeLlama, CodeGemma), on a small tokenizer.json laid out like
/// CodeLlama's (tests/fixtures/tokenizers/codellama-like: make_fixture.py writes it, reference.mjs the ids that Hugging
/// Face tokenizers gives for it). Characters outside its vocabulary (é, emoji, CJK, newline, tab) become
/// <c>&lt;0xNN&gt;</c> tokens.
/// </summary>
public sealed class SentencePieceTokenizerTests : IDisposable
{
    private static readonly string Folder = Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "tokenizers", "codellama-like");
    private static readonly Lazy<HfTokenizer> CodeLlama = new(() => HfTokenizer.Load(Path.Combine(Folder, "tokenizer.json")));
    private readonly string _dir = Directory.CreateTempSubdirectory("fim-sp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IEnumerable<(string Text, int[] Ids)> Reference(string set)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        var cases = document.RootElement.GetProperty(set).EnumerateArray()
            .Select(c => (c.GetProperty("text").GetString()!, c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray()))
            .ToList();
        Assert.NotEmpty(cases);
        return cases;
    }

    [Fact]
    public void Ids_match_hugging_face_tokenizers_for_the_codellama_layout()
    {
        // HF applies Prepend("▁") to the whole input; FimComplete encodes fragments without it, so HF's encoding of a
        // text equals ours of the text after one space.
        foreach (var (text, ids) in Reference("codellama"))
        {
            Assert.Equal(ids, CodeLlama.Value.Encode(" " + text));
            Assert.Equal(" " + text, CodeLlama.Value.Decode(ids));
        }
    }

    [Fact]
    public void Ids_match_hugging_face_tokenizers_without_prepend_as_in_codegemma()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "tokenizer.json")))!;
        json["normalizer"] = json["normalizer"]!["normalizers"]!.AsArray().First(n => (string?)n!["type"] == "Replace")!.DeepClone();
        var path = Path.Combine(_dir, "tokenizer.json");
        File.WriteAllText(path, json.ToJsonString());
        var tokenizer = HfTokenizer.Load(path);
        foreach (var (text, ids) in Reference("noPrepend"))
        {
            Assert.Equal(ids, tokenizer.Encode(text));
            Assert.Equal(text, tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void Characters_outside_the_vocabulary_round_trip_through_byte_tokens()
    {
        var tokenizer = CodeLlama.Value;
        const string text = "é😀\n";
        Assert.Null(tokenizer.TokenToId("é"));
        var expected = Encoding.UTF8.GetBytes(text).Select(b => tokenizer.TokenToId($"<0x{b:X2}>")!.Value).ToArray();
        Assert.Equal(6 + 1, expected.Length); // 2 bytes of é, 4 of the emoji, 1 of the newline
        Assert.Equal(expected, tokenizer.Encode(text));
        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));

        // Token by token, a character split over byte tokens appears only when complete.
        var decoder = tokenizer.CreateIncrementalDecoder();
        var pieces = tokenizer.Encode("a é😀").Select(decoder.Append).ToList();
        Assert.Equal("a é😀", string.Concat(pieces));
        Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD', StringComparison.Ordinal));
    }

    [Property(MaxTest = 300)]
    public Property Encode_then_decode_round_trips_any_text()
    {
        var pieces = Gen.Elements("public", " ", "\t", "\r\n", "\n", "{", "}", ";", "é", "中文", "😀", "𝔸", "  ", "<PRE>", "ß", "return a + b;");
        var randomChar = Gen.Choose(0x20, 0xD7FF).Select(c => ((char)c).ToString());
        var texts = Gen.ListOf(Gen.Frequency((3, pieces), (1, randomChar))).Select(list => string.Concat(list)).ToArbitrary();
        return Prop.ForAll(texts, text => CodeLlama.Value.Decode(CodeLlama.Value.Encode(text)) == text);
    }

    [Fact]
    public void The_codellama_fim_template_is_detected_from_the_metaspace_tokens()
    {
        var tokenizer = CodeLlama.Value;
        var template = FimTemplate.Detect(tokenizer, null).Resolve(tokenizer);
        Assert.Equal("codellama", template.Template.Name);
        Assert.Equal(tokenizer.TokenToId("\u2581<PRE>"), template.PrefixId);
        Assert.Equal(tokenizer.TokenToId("\u2581<SUF>"), template.SuffixId);
        Assert.Equal(tokenizer.TokenToId("\u2581<MID>"), template.MiddleId);
        Assert.Equal(tokenizer.TokenToId("\u2581<EOT>"), template.EndOfTextId);
        Assert.Contains(template.EndOfTextId, template.StopIds);

        // In text, the added tokens are single ids; "<PRE>" typed as text is not.
        var ids = tokenizer.EncodeWithSpecialTokens("\u2581<PRE> x");
        Assert.Equal(template.PrefixId, ids[0]);
        Assert.DoesNotContain(template.PrefixId, tokenizer.Encode("<PRE>"));
    }
}
