using System.Text.Json;

namespace FimComplete.Inference.Tests;

/// <summary>golden.json of a fixture model (written by tests/fixtures/models/make_fixtures.py) or of a model package
/// (models/training/export_onnx.py). A package with quantized weights (models/training/quantize_int8.py) keeps the fp32
/// PyTorch reference and says how far its logits may be from it (<see cref="LogitTolerance"/>) and why
/// (<see cref="Weights"/>); the tests do not take their tolerance from it (GoldenModelTests.Fixtures fixes it).</summary>
internal sealed record Golden(
    string PromptText,
    int[] PromptIds,
    string? FimMode,
    string? Prefix,
    string? Suffix,
    float[] LastLogits,
    float[]? LogitsStep2,
    int[] GreedyIds,
    TokenizerCase[] TokenizerCases,
    float? LogitTolerance = null,
    string? Weights = null)
{
    public static Golden Load(string folder)
    {
        var json = File.ReadAllText(Path.Combine(folder, "golden.json"));
        return JsonSerializer.Deserialize<Golden>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
            ?? throw new InvalidOperationException("empty golden.json");
    }
}

internal sealed record TokenizerCase(string Text, int[] Ids);
