namespace FimComplete.Inference.Remote;

/// <summary>
/// A model family's fill-in-the-middle format as text, for servers that are sent a raw prompt (Ollama with
/// <c>raw</c>, OpenAI-compatible <c>/v1/completions</c>): the server's tokenizer turns the sentinel strings into the
/// model's special tokens. PSM order (prefix, suffix, middle), which every listed family was trained with. Formats with
/// a file separator get the cross-file chunks as files of the repository-level format, the others as text before the
/// prefix (as the local prompt has them).
/// </summary>
public sealed record RemoteFimTemplate(string Name, string Prefix, string Suffix, string Middle, IReadOnlyList<string> Stops)
{
    /// <summary>Starts a file in the repository-level format (Qwen2.5-Coder's <c>&lt;|file_sep|&gt;</c>, StarCoder2's
    /// <c>&lt;file_sep&gt;</c>); null when the format has none.</summary>
    public string? FileSeparator { get; init; }

    /// <summary>Text around the prefix and after the suffix (CodeLlama writes <c>&lt;PRE&gt; {prefix} &lt;SUF&gt;{suffix} &lt;MID&gt;</c>).</summary>
    public string PrefixLead { get; init; } = string.Empty;

    public string PrefixTrail { get; init; } = string.Empty;

    public string SuffixTrail { get; init; } = string.Empty;

    /// <summary>The formats this client writes, by setting name. Stops are most important first: an OpenAI-compatible
    /// server takes only four (end of text, then the start of another file, which a repository-level model writes next).</summary>
    public static IReadOnlyList<RemoteFimTemplate> Known { get; } =
    [
        new("qwen", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", ["<|endoftext|>", "<|file_sep|>", "<|fim_pad|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|repo_name|>", "<|im_end|>"]) { FileSeparator = "<|file_sep|>" },
        new("starcoder", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", ["<|endoftext|>", "<file_sep>", "<fim_pad>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>"]) { FileSeparator = "<file_sep>" },
        new("deepseek", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", ["<｜end▁of▁sentence｜>", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", "<|EOT|>"]),
        new("codellama", "<PRE>", "<SUF>", "<MID>", ["<EOT>", "</s>", "<PRE>", "<SUF>", "<MID>"]) { PrefixLead = " ", PrefixTrail = " ", SuffixTrail = " " },
        new("codegemma", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", ["<|file_separator|>", "<eos>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"]),
    ];

    /// <summary>Setting values besides the template names: <c>auto</c> (from the model's name) and <c>server</c> (no
    /// raw prompt: prefix and suffix go in the API's own fields and the server applies the model's template).</summary>
    public const string Auto = "auto";

    public const string ServerSide = "server";

    /// <summary>True for a value the <c>fimTemplate</c> setting accepts.</summary>
    public static bool IsValidSetting(string? value) =>
        value is null || value.Equals(Auto, StringComparison.OrdinalIgnoreCase) || value.Equals(ServerSide, StringComparison.OrdinalIgnoreCase)
        || Known.Any(t => t.Name.Equals(value, StringComparison.OrdinalIgnoreCase));

    /// <summary>The template for a setting and a model name: a named one; for <c>auto</c> the family the model's name
    /// says (qwen2.5-coder:1.5b-base → qwen, bigcode/starcoder2-3b → starcoder, deepseek-coder → deepseek,
    /// codellama:7b-code → codellama, codegemma:2b → codegemma); null for <c>server</c> or a name that says none.</summary>
    public static RemoteFimTemplate? Resolve(string? setting, string modelName)
    {
        if (string.IsNullOrWhiteSpace(setting) || setting.Equals(Auto, StringComparison.OrdinalIgnoreCase))
        {
            return FromModelName(modelName);
        }

        if (setting.Equals(ServerSide, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Known.FirstOrDefault(t => t.Name.Equals(setting, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown FIM template '{setting}'. Known: {Auto}, {ServerSide}, {string.Join(", ", Known.Select(t => t.Name))}.", nameof(setting));
    }

    /// <summary>The family a model's name says, or null.</summary>
    public static RemoteFimTemplate? FromModelName(string modelName)
    {
        var name = modelName.ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        string? family = name switch
        {
            _ when name.Contains("codegemma", StringComparison.Ordinal) => "codegemma",
            _ when name.Contains("qwen", StringComparison.Ordinal) => "qwen",
            _ when name.Contains("starcoder", StringComparison.Ordinal) => "starcoder",
            _ when name.Contains("deepseek", StringComparison.Ordinal) => "deepseek",
            _ when name.Contains("codellama", StringComparison.Ordinal) => "codellama",
            _ => null,
        };
        return family is null ? null : Known.First(t => t.Name == family);
    }

    /// <summary>The raw prompt: cross-file chunks (as files of the repository-level format where the format has one,
    /// else as text first in the prefix), then prefix, suffix, middle sentinel.</summary>
    public string Build(string prefix, string suffix, IReadOnlyList<Generation.ContextChunk> context, string filePath)
    {
        var builder = new System.Text.StringBuilder();
        var lead = string.Empty;
        if (FileSeparator is not null && context.Count > 0)
        {
            foreach (var chunk in context)
            {
                builder.Append(FileSeparator).Append(chunk.FileName).Append('\n').Append(chunk.Text);
                if (!chunk.Text.EndsWith('\n'))
                {
                    builder.Append('\n');
                }
            }

            builder.Append(FileSeparator).Append(filePath).Append('\n');
        }
        else
        {
            lead = string.Concat(context.Select(c => c.Text));
        }

        builder.Append(Prefix).Append(PrefixLead).Append(lead).Append(prefix).Append(PrefixTrail)
            .Append(Suffix).Append(suffix).Append(SuffixTrail)
            .Append(Middle);
        return builder.ToString();
    }
}
