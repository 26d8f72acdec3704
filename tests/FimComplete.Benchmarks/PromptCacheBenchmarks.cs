using BenchmarkDotNet.Attributes;
using FimComplete.Inference;
using FimComplete.Inference.Generation;

namespace FimComplete.Benchmarks;

/// <summary>
/// A 512-token prompt whose last token is one typed character (511 tokens of context + 1). With the prompt cache
/// holding the previous keystroke's prompt (same 511 tokens, another last character), only the new token runs;
/// cold, all 512 run. One generated token each (taken from the prompt's logits), so the prompt dominates
/// (goal: cache hit >= 20x faster than cold).
/// </summary>
[MemoryDiagnoser]
public class PromptCacheBenchmarks
{
    private FimModel _model = null!;
    private int[] _promptPlusX = null!;
    private int[] _promptPlusY = null!;
    private bool _flip;
    private readonly GenerationOptions _options = new() { MaxNewTokens = 1 };

    [Params("default")]
    public string Model { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchModels.Load(Model);
        var prompt = BenchModels.Prompt(_model, Math.Min(512, _model.ContextLength) - 1);
        _promptPlusX = [.. prompt, _model.Tokenizer.Encode("x")[0]];
        _promptPlusY = [.. prompt, _model.Tokenizer.Encode("y")[0]];
        _model.Generator.Generate(_promptPlusY, _options, CancellationToken.None);
    }

    /// <summary>The cache holds the other keystroke's prompt: 511 tokens reused, 1 evaluated.</summary>
    [Benchmark(Description = "512-token prompt, last char new, cache hit")]
    public int CacheHit()
    {
        _flip = !_flip;
        var result = _model.Generator.Generate(_flip ? _promptPlusX : _promptPlusY, _options, CancellationToken.None);
        return Check(result, expected: 1);
    }

    [Benchmark(Baseline = true, Description = "512-token prompt, cold")]
    public int Cold()
    {
        _model.Generator.ClearCache();
        return Check(_model.Generator.Generate(_promptPlusX, _options, CancellationToken.None), expected: _promptPlusX.Length);
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    private static int Check(GenerationResult result, int expected) =>
        result.EvaluatedPromptTokens == expected
            ? result.EvaluatedPromptTokens
            : throw new InvalidOperationException($"Evaluated {result.EvaluatedPromptTokens} prompt tokens, expected {expected}.");
}
