using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace FimComplete.Inference.Tokenization;

/// <summary>
/// A BPE tokenizer loaded from a Hugging Face <c>tokenizer.json</c>: byte-level BPE (GPT-2 style; encoding runs on
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>) or SentencePiece-style BPE with byte fallback
/// (<see cref="SentencePieceBpe"/>: CodeLlama, CodeGemma). Added (special) tokens are matched literally and never
/// split; decoding maps ids back to bytes, so encode/decode round-trips any string exactly.
/// </summary>
public sealed class HfTokenizer
{
    private readonly Func<string, IReadOnlyList<int>> _encode;
    private readonly byte[][] _idToBytes;
    private readonly Dictionary<string, int> _addedTokens;
    private readonly Regex? _addedTokenRegex;
    private readonly Dictionary<string, int> _vocab;
    private readonly bool _metaspaceVocabulary;

    private HfTokenizer(Func<string, IReadOnlyList<int>> encode, byte[][] idToBytes, Dictionary<string, int> addedTokens, Dictionary<string, int> vocab, bool metaspaceVocabulary, string path)
    {
        _encode = encode;
        _idToBytes = idToBytes;
        _addedTokens = addedTokens;
        _vocab = vocab;
        _metaspaceVocabulary = metaspaceVocabulary;
        SourcePath = path;
        _addedTokenRegex = addedTokens.Count == 0
            ? null
            : new Regex(string.Join('|', addedTokens.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)), RegexOptions.Compiled | RegexOptions.CultureInvariant);
    }

    public string SourcePath { get; }

    /// <summary>Number of ids (largest id + 1).</summary>
    public int VocabularySize => _idToBytes.Length;

    public IReadOnlyDictionary<string, int> AddedTokens => _addedTokens;

    /// <summary>Id of a token string: an added token or a vocabulary entry (in byte-level form); null when absent. A
    /// SentencePiece vocabulary spells a token that follows a space with a leading <c>▁</c> (CodeLlama's FIM tokens are
    /// <c>▁&lt;PRE&gt;</c>, <c>▁&lt;SUF&gt;</c>, <c>▁&lt;MID&gt;</c>, <c>▁&lt;EOT&gt;</c>): that form is found too.</summary>
    public int? TokenToId(string token)
    {
        if (_addedTokens.TryGetValue(token, out var id) || _vocab.TryGetValue(token, out id))
        {
            return id;
        }

        var spaced = SentencePieceBpe.Metaspace + token;
        if (_metaspaceVocabulary && (_addedTokens.TryGetValue(spaced, out id) || _vocab.TryGetValue(spaced, out id)))
        {
            return id;
        }

        return null;
    }

    /// <summary>Raw bytes of one token (UTF-8 of an added token's content).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) => (uint)id < (uint)_idToBytes.Length ? _idToBytes[id] : [];

    /// <summary>Encodes ordinary text: strings that look like special tokens are encoded as plain text.</summary>
    public int[] Encode(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        return [.. _encode(text)];
    }

    /// <summary>Encodes text in which added tokens (e.g. <c>&lt;fim_prefix&gt;</c>) become their single ids.</summary>
    public int[] EncodeWithSpecialTokens(string text)
    {
        if (_addedTokenRegex is null)
        {
            return Encode(text);
        }

        var result = new List<int>();
        var cursor = 0;
        foreach (Match match in _addedTokenRegex.Matches(text))
        {
            if (match.Index > cursor)
            {
                result.AddRange(Encode(text[cursor..match.Index]));
            }

            result.Add(_addedTokens[match.Value]);
            cursor = match.Index + match.Length;
        }

        if (cursor < text.Length)
        {
            result.AddRange(Encode(text[cursor..]));
        }

        return [.. result];
    }

    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            bytes.AddRange(TokenBytes(id));
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>A decoder that turns ids into text as they arrive and never emits half a UTF-8 character.</summary>
    public IncrementalDecoder CreateIncrementalDecoder() => new(this);

    public static HfTokenizer Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"Tokenizer file not found: {path}");
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
            return FromJson(doc.RootElement, path);
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"Tokenizer file is not valid JSON: {path}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or RegexParseException)
        {
            throw new ModelLoadException($"Tokenizer file is not a supported Hugging Face tokenizer: {path}: {ex.Message}", ex);
        }
    }

    private static HfTokenizer FromJson(JsonElement root, string path)
    {
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
        {
            throw new ModelLoadException($"Tokenizer file has no \"model\" section: {path}");
        }

        var type = model.TryGetProperty("type", out var t) ? t.GetString() : "BPE";
        if (type != "BPE")
        {
            throw new ModelLoadException($"Tokenizer model type '{type}' is not supported (only BPE: byte-level, or SentencePiece-style with byte_fallback): {path}");
        }

        var byteFallback = model.TryGetProperty("byte_fallback", out var bf) && bf.ValueKind == JsonValueKind.True;

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
        {
            vocab[entry.Name] = entry.Value.GetInt32();
        }

        var merges = new List<string>();
        if (model.TryGetProperty("merges", out var mergesElement))
        {
            foreach (var merge in mergesElement.EnumerateArray())
            {
                merges.Add(merge.ValueKind == JsonValueKind.Array
                    ? $"{merge[0].GetString()} {merge[1].GetString()}"
                    : merge.GetString() ?? throw new FormatException("null merge"));
            }
        }

        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var addedElement) && addedElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in addedElement.EnumerateArray())
            {
                added[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
            }
        }

        if (byteFallback)
        {
            return FromSentencePieceJson(root, vocab, merges, added, path);
        }

        var steps = BuildPreTokenizer(root.TryGetProperty("pre_tokenizer", out var pre) ? pre : default, path);
        var normalizer = BuildNormalizer(root.TryGetProperty("normalizer", out var norm) ? norm : default, path);

        // Microsoft.ML.Tokenizers rejects merges whose parts are missing from the vocabulary; HF tolerates none either.
        var bpeVocab = vocab.Where(kv => !added.ContainsKey(kv.Key)).ToList();
        var options = new BpeOptions(bpeVocab)
        {
            Merges = merges,
            PreTokenizer = new HfPreTokenizer(steps),
            Normalizer = normalizer,
            ByteLevel = true,
        };
        var bpe = BpeTokenizer.Create(options);

        var size = Math.Max(vocab.Count == 0 ? 0 : vocab.Values.Max() + 1, added.Count == 0 ? 0 : added.Values.Max() + 1);
        var idToBytes = new byte[size][];
        foreach (var (token, id) in vocab)
        {
            idToBytes[id] = ByteLevelAlphabet.TryDecode(token, out var bytes) ? bytes : Encoding.UTF8.GetBytes(token);
        }

        foreach (var (token, id) in added)
        {
            idToBytes[id] = Encoding.UTF8.GetBytes(token);
        }

        for (var i = 0; i < idToBytes.Length; i++)
        {
            idToBytes[i] ??= [];
        }

        return new HfTokenizer(text => bpe.EncodeToIds(text, considerPreTokenization: true, considerNormalization: true), idToBytes, added, vocab, metaspaceVocabulary: false, path);
    }

    /// <summary>SentencePiece-style BPE with byte fallback: normalizer Replace/Prepend (or none), pre-tokenizer
    /// Metaspace (or none); tokens decode with <c>▁</c> as a space and <c>&lt;0xNN&gt;</c> as a byte.</summary>
    private static HfTokenizer FromSentencePieceJson(JsonElement root, Dictionary<string, int> vocab, List<string> merges, Dictionary<string, int> added, string path)
    {
        var replacements = new List<(string Pattern, string Content)>();
        AddSentencePieceNormalizer(root.TryGetProperty("normalizer", out var norm) ? norm : default, replacements, path);
        var split = false;
        if (root.TryGetProperty("pre_tokenizer", out var pre) && pre.ValueKind == JsonValueKind.Object)
        {
            var type = pre.GetProperty("type").GetString();
            if (type != "Metaspace")
            {
                throw new ModelLoadException($"Pre-tokenizer '{type}' is not supported with byte_fallback (supported: none, Metaspace): {path}");
            }

            var replacement = pre.TryGetProperty("replacement", out var r) ? r.GetString() : "\u2581";
            if (replacement != "\u2581")
            {
                throw new ModelLoadException($"Metaspace replacement '{replacement}' is not supported (only U+2581): {path}");
            }

            // Metaspace replaces spaces itself; split (default true) makes each "▁" start a word.
            replacements.Add((" ", "\u2581"));
            split = !pre.TryGetProperty("split", out var s) || s.ValueKind != JsonValueKind.False;
        }

        var spVocab = vocab.Where(kv => !added.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var bpe = SentencePieceBpe.Create(spVocab, merges, split, replacements);

        var size = Math.Max(vocab.Count == 0 ? 0 : vocab.Values.Max() + 1, added.Count == 0 ? 0 : added.Values.Max() + 1);
        var idToBytes = new byte[size][];
        foreach (var (token, id) in vocab)
        {
            idToBytes[id] = SentencePieceBpe.TokenBytes(token);
        }

        foreach (var (token, id) in added)
        {
            idToBytes[id] = SentencePieceBpe.TokenBytes(token);
        }

        for (var i = 0; i < idToBytes.Length; i++)
        {
            idToBytes[i] ??= [];
        }

        return new HfTokenizer(bpe.EncodeToIds, idToBytes, added, vocab, metaspaceVocabulary: true, path);
    }

    private static void AddSentencePieceNormalizer(JsonElement element, List<(string Pattern, string Content)> replacements, string path)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return;
        }

        switch (element.GetProperty("type").GetString())
        {
            case "Sequence":
                foreach (var inner in element.GetProperty("normalizers").EnumerateArray())
                {
                    AddSentencePieceNormalizer(inner, replacements, path);
                }

                break;
            case "Prepend":
                // A "▁" before the whole sequence: not applied to fragments (see SentencePieceBpe).
                break;
            case "Replace" when element.GetProperty("pattern").TryGetProperty("String", out var pattern):
                replacements.Add((pattern.GetString()!, element.GetProperty("content").GetString()!));
                break;
            case var other:
                throw new ModelLoadException($"Normalizer '{other}' is not supported with byte_fallback (supported: none, Sequence, Prepend, Replace of a string): {path}");
        }
    }

    private static List<PreTokenizerStep> BuildPreTokenizer(JsonElement element, string path)
    {
        var steps = new List<PreTokenizerStep>();
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return steps;
        }

        var type = element.GetProperty("type").GetString();
        switch (type)
        {
            case "Sequence":
                foreach (var inner in element.GetProperty("pretokenizers").EnumerateArray())
                {
                    steps.AddRange(BuildPreTokenizer(inner, path));
                }

                break;
            case "ByteLevel":
                if (element.TryGetProperty("add_prefix_space", out var aps) && aps.ValueKind == JsonValueKind.True)
                {
                    throw new ModelLoadException($"ByteLevel pre-tokenizer with add_prefix_space=true is not supported: {path}");
                }

                if (!element.TryGetProperty("use_regex", out var useRegex) || useRegex.ValueKind == JsonValueKind.True)
                {
                    steps.Add(new RegexSplitStep(CompileRegex(RegexSplitStep.Gpt2Pattern), RegexSplitStep.Behavior.Isolated));
                }

                break;
            case "Split":
                var pattern = element.GetProperty("pattern");
                var regex = pattern.TryGetProperty("Regex", out var rx)
                    ? CompileRegex(rx.GetString()!)
                    : CompileRegex(Regex.Escape(pattern.GetProperty("String").GetString()!));
                if (element.TryGetProperty("invert", out var invert) && invert.ValueKind == JsonValueKind.True)
                {
                    throw new ModelLoadException($"Split pre-tokenizer with invert=true is not supported: {path}");
                }

                var behavior = element.GetProperty("behavior").GetString() switch
                {
                    "Isolated" => RegexSplitStep.Behavior.Isolated,
                    "MergedWithPrevious" => RegexSplitStep.Behavior.MergedWithPrevious,
                    "MergedWithNext" => RegexSplitStep.Behavior.MergedWithNext,
                    "Removed" => RegexSplitStep.Behavior.Removed,
                    var other => throw new ModelLoadException($"Split behavior '{other}' is not supported: {path}"),
                };
                steps.Add(new RegexSplitStep(regex, behavior));
                break;
            case "Digits":
                steps.Add(new DigitsStep(element.TryGetProperty("individual_digits", out var ind) && ind.ValueKind == JsonValueKind.True));
                break;
            default:
                throw new ModelLoadException($"Pre-tokenizer '{type}' is not supported (supported: Sequence, Split, Digits, ByteLevel): {path}");
        }

        return steps;
    }

    private static Normalizer? BuildNormalizer(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        return element.GetProperty("type").GetString() switch
        {
            "NFC" => new UnicodeNormalizer(NormalizationForm.FormC),
            "NFKC" => new UnicodeNormalizer(NormalizationForm.FormKC),
            var other => throw new ModelLoadException($"Normalizer '{other}' is not supported (supported: none, NFC, NFKC): {path}"),
        };
    }

    private static Regex CompileRegex(string pattern) =>
        new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
}

/// <summary>Unicode normalisation (HF NFC/NFKC normalizers).</summary>
internal sealed class UnicodeNormalizer(NormalizationForm form) : Normalizer
{
    public override string Normalize(string original) => original.Normalize(form);

    public override string Normalize(ReadOnlySpan<char> original) => original.ToString().Normalize(form);
}
