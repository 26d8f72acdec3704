using System.Text.Json;

namespace FimComplete.Inference.Models;

/// <summary>
/// Where a model's files are and what its FIM format is: either our <c>fim.json</c> manifest, or a Hugging Face
/// ONNX export (config.json + tokenizer.json + model.onnx / onnx/model.onnx / decoder_model_merged.onnx).
/// </summary>
public sealed record ModelFolder(string Path, string Name, string OnnxPath, string TokenizerPath, int ContextLength, FimTemplate? Template, string? TemplateSource)
{
    private static readonly string[] OnnxCandidates =
    [
        "model.onnx",
        "decoder_model_merged.onnx",
        "onnx/model.onnx",
        "onnx/decoder_model_merged.onnx",
        "decoder_with_past_model.onnx",
        "onnx/decoder_with_past_model.onnx",
    ];

    /// <summary>Default context length for a Hugging Face model whose config has none, and a cap for CPU use.</summary>
    public const int DefaultContextLength = 2048;

    public static ModelFolder Open(string path)
    {
        var folder = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(folder))
        {
            throw new ModelLoadException($"Model folder not found: {folder}");
        }

        var manifestPath = System.IO.Path.Combine(folder, ModelManifest.FileName);
        if (File.Exists(manifestPath))
        {
            var manifest = ModelManifest.Load(manifestPath);
            var onnx = System.IO.Path.Combine(folder, manifest.Onnx);
            var tokenizer = System.IO.Path.Combine(folder, manifest.Tokenizer);
            RequireFile(onnx, $"ONNX model named in {manifestPath}");
            RequireFile(tokenizer, $"tokenizer named in {manifestPath}");
            return new ModelFolder(folder, manifest.Name ?? System.IO.Path.GetFileName(folder), onnx, tokenizer, manifest.ContextLength, manifest.ToTemplate(), manifestPath);
        }

        var tokenizerPath = System.IO.Path.Combine(folder, "tokenizer.json");
        RequireFile(tokenizerPath, "tokenizer.json (no fim.json manifest either)");
        var onnxPath = OnnxCandidates.Select(c => System.IO.Path.Combine(folder, c)).FirstOrDefault(File.Exists)
            ?? throw new ModelLoadException($"No ONNX model in {folder}; looked for {string.Join(", ", OnnxCandidates)}.");
        var contextLength = ReadContextLength(System.IO.Path.Combine(folder, "config.json"));
        return new ModelFolder(folder, System.IO.Path.GetFileName(folder), onnxPath, tokenizerPath, contextLength, null, null);
    }

    private static int ReadContextLength(string configPath)
    {
        if (!File.Exists(configPath))
        {
            return DefaultContextLength;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
            foreach (var key in new[] { "max_position_embeddings", "n_positions", "max_sequence_length", "seq_length" })
            {
                if (doc.RootElement.TryGetProperty(key, out var value) && value.TryGetInt32(out var n) && n > 0)
                {
                    return n;
                }
            }

            return DefaultContextLength;
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"config.json is not valid JSON: {configPath}: {ex.Message}", ex);
        }
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"Missing {what}: {path}");
        }
    }
}
