using FimComplete.Inference.Tokenization;

namespace FimComplete.Inference.Models;

/// <summary>Order of the parts in a fill-in-the-middle prompt.</summary>
public enum FimMode
{
    /// <summary><c>PRE prefix SUF suffix MID</c> → middle.</summary>
    Psm,

    /// <summary>The FIM paper's SPM variant: <c>PRE SUF suffix MID prefix</c> → middle. Suffix first, so the growing
    /// prefix stays at the end and the prompt cache survives typing.</summary>
    Spm,
}

/// <summary>The special tokens of a model's FIM format, by string.</summary>
public sealed record FimTemplate(
    string Name,
    string PrefixToken,
    string SuffixToken,
    string MiddleToken,
    string EndOfTextToken,
    IReadOnlyList<string> StopTokens,
    IReadOnlyList<FimMode> Modes,
    FimMode DefaultMode)
{
    /// <summary>Text the format puts around the prefix (CodeLlama: <c>&lt;PRE&gt; {prefix} &lt;SUF&gt;</c>).</summary>
    public string PrefixLead { get; init; } = string.Empty;

    public string PrefixTrail { get; init; } = string.Empty;

    /// <summary>Text after the suffix, before the middle token (CodeLlama: a space).</summary>
    public string SuffixTrail { get; init; } = string.Empty;

    /// <summary>The templates we recognise in a Hugging Face vocabulary, most specific first.</summary>
    public static IReadOnlyList<FimTemplate> Known { get; } =
    [
        new("starcoder", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<|endoftext|>", ["<|endoftext|>", "<fim_pad>", "<file_sep>"], [FimMode.Psm], FimMode.Psm),
        new("santacoder", "<fim-prefix>", "<fim-suffix>", "<fim-middle>", "<|endoftext|>", ["<|endoftext|>", "<fim-pad>"], [FimMode.Psm], FimMode.Psm),
        new("qwen", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|endoftext|>", ["<|endoftext|>", "<|fim_pad|>", "<|file_sep|>", "<|repo_name|>", "<|im_end|>", "<|file_separator|>", "<eos>"], [FimMode.Psm], FimMode.Psm),
        new("deepseek", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", "<｜end▁of▁sentence｜>", ["<｜end▁of▁sentence｜>", "<|EOT|>"], [FimMode.Psm], FimMode.Psm),
        new("codellama", "<PRE>", "<SUF>", "<MID>", "<EOT>", ["<EOT>", "</s>"], [FimMode.Psm], FimMode.Psm) { PrefixLead = " ", PrefixTrail = " ", SuffixTrail = " " },
    ];

    /// <summary>Finds the template whose prefix/suffix/middle tokens all exist in the tokenizer.</summary>
    public static FimTemplate Detect(HfTokenizer tokenizer, string? overrideName)
    {
        if (!string.IsNullOrEmpty(overrideName))
        {
            var chosen = Known.FirstOrDefault(t => string.Equals(t.Name, overrideName, StringComparison.OrdinalIgnoreCase))
                ?? throw new ModelLoadException($"Unknown FIM template '{overrideName}'. Known: {string.Join(", ", Known.Select(t => t.Name))}.");
            chosen.Resolve(tokenizer);
            return chosen;
        }

        foreach (var template in Known)
        {
            if (tokenizer.TokenToId(template.PrefixToken) is not null
                && tokenizer.TokenToId(template.SuffixToken) is not null
                && tokenizer.TokenToId(template.MiddleToken) is not null)
            {
                return template;
            }
        }

        var lookedFor = string.Join("; ", Known.Select(t => $"{t.Name}: {t.PrefixToken} {t.SuffixToken} {t.MiddleToken}"));
        throw new ModelLoadException($"The vocabulary of {tokenizer.SourcePath} has no known FIM tokens. Looked for {lookedFor}. Set the FIM template explicitly if the model uses another format.");
    }

    /// <summary>Ids of the template's tokens; throws naming any token missing from the vocabulary.</summary>
    public ResolvedFimTemplate Resolve(HfTokenizer tokenizer)
    {
        int Require(string token) => tokenizer.TokenToId(token)
            ?? throw new ModelLoadException($"FIM template '{Name}' needs token '{token}', which is not in {tokenizer.SourcePath}.");

        var stops = StopTokens.Select(tokenizer.TokenToId).Where(id => id is not null).Select(id => id!.Value).ToHashSet();
        var eot = tokenizer.TokenToId(EndOfTextToken);
        if (eot is not null)
        {
            stops.Add(eot.Value);
        }

        return new ResolvedFimTemplate(this, Require(PrefixToken), Require(SuffixToken), Require(MiddleToken), eot ?? -1, stops);
    }
}

/// <summary>A template bound to a tokenizer's ids; builds prompts as token sequences.</summary>
public sealed record ResolvedFimTemplate(FimTemplate Template, int PrefixId, int SuffixId, int MiddleId, int EndOfTextId, IReadOnlySet<int> StopIds)
{
    /// <summary>Tokens of the prefix text as the format wants it (with any spaces the format puts around it).</summary>
    public int[] EncodePrefix(HfTokenizer tokenizer, string prefix) => tokenizer.Encode(Template.PrefixLead + prefix + Template.PrefixTrail);

    public int[] EncodeSuffix(HfTokenizer tokenizer, string suffix) => tokenizer.Encode(suffix + Template.SuffixTrail);

    /// <summary>Prompt tokens for the mode; the model's continuation is the middle.</summary>
    public int[] BuildPrompt(FimMode mode, IReadOnlyList<int> prefix, IReadOnlyList<int> suffix)
    {
        var prompt = new List<int>(prefix.Count + suffix.Count + 3);
        if (mode == FimMode.Spm)
        {
            prompt.Add(PrefixId);
            prompt.Add(SuffixId);
            prompt.AddRange(suffix);
            prompt.Add(MiddleId);
            prompt.AddRange(prefix);
        }
        else
        {
            prompt.Add(PrefixId);
            prompt.AddRange(prefix);
            prompt.Add(SuffixId);
            prompt.AddRange(suffix);
            prompt.Add(MiddleId);
        }

        return [.. prompt];
    }
}
