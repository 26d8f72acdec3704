using System.Text.Json;
using System.Text.Json.Serialization;

namespace FimComplete.Inference.Models;

/// <summary>Our own model manifest, <c>fim.json</c> (schema in models/README.md).</summary>
public sealed record ModelManifest
{
    public const string FileName = "fim.json";
    public const string FormatTag = "fimcomplete-model/1";

    public string Format { get; init; } = FormatTag;
    public string? Name { get; init; }
    public string Onnx { get; init; } = "model.onnx";
    public string Tokenizer { get; init; } = "tokenizer.json";
    public required FimSection Fim { get; init; }
    public int ContextLength { get; init; } = 2048;
    public KvSection? Kv { get; init; }
    public InputsSection? Inputs { get; init; }

    public sealed record FimSection
    {
        public required string Prefix { get; init; }
        public required string Suffix { get; init; }
        public required string Middle { get; init; }
        public required string Eot { get; init; }
        public IReadOnlyList<string> Stop { get; init; } = [];
        public IReadOnlyList<string> Modes { get; init; } = ["psm"];
        public string DefaultMode { get; init; } = "psm";
    }

    public sealed record KvSection(int Layers, int KvHeads, int HeadDim, string Dtype = "float32", string Layout = "batch,heads,seq,dim");

    public sealed record InputsSection(bool PositionIds = true, bool UseCacheBranch = false);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static ModelManifest Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var manifest = JsonSerializer.Deserialize<ModelManifest>(stream, JsonOptions)
                ?? throw new ModelLoadException($"Model manifest is empty: {path}");
            if (manifest.Format != FormatTag)
            {
                throw new ModelLoadException($"Model manifest {path} has format '{manifest.Format}'; expected '{FormatTag}'.");
            }

            return manifest;
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"Model manifest is not valid: {path}: {ex.Message}", ex);
        }
    }

    public FimTemplate ToTemplate()
    {
        static FimMode ParseMode(string mode) => mode.ToLowerInvariant() switch
        {
            "psm" => FimMode.Psm,
            "spm" => FimMode.Spm,
            _ => throw new ModelLoadException($"Unknown FIM mode '{mode}' in {FileName} (supported: psm, spm)."),
        };

        var modes = Fim.Modes.Select(ParseMode).ToList();
        return new FimTemplate(Name ?? "manifest", Fim.Prefix, Fim.Suffix, Fim.Middle, Fim.Eot, Fim.Stop, modes, ParseMode(Fim.DefaultMode));
    }
}
