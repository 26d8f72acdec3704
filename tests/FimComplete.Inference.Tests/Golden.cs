using System.Text.Json;

namespace FimComplete.Inference.Tests;

/// <summary>golden.json of a fixture model (written by tests/fixtures/models/make_fixtures.py).</summary>
internal sealed record Golden(
    string PromptText,
    int[] PromptIds,
    string? FimMode,
    string? Prefix,
    string? Suffix,
    float[] LastLogits,
    float[]? LogitsStep2,
    int[] GreedyIds,
    TokenizerCase[] TokenizerCases)
{
    public static Golden Load(string folder)
    {
        var json = File.ReadAllText(Path.Combine(folder, "golden.json"));
        return JsonSerializer.Deserialize<Golden>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
            ?? throw new InvalidOperationException("empty golden.json");
    }
}

internal sealed record TokenizerCase(string Text, int[] Ids);
