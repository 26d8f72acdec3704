using BenchmarkDotNet.Attributes;
using FimComplete.Inference;
using FimComplete.Inference.Generation;

namespace FimComplete.Benchmarks;

/// <summary>
/// A 500-token prompt, then the same prompt plus one more character: with the prompt cache only the new tokens run;
/// cold, the whole prompt runs again. One generated token each, so the prompt dominates (goal: >= 20x).
/// </summary>
[MemoryDiagnoser]
public class PromptCacheBenchmarks
{
    private FimModel _model = null!;
    private int[] _prompt = null!;
    private int[] _promptPlusOne = null!;
    private readonly GenerationOptions _options = new() { MaxNewTokens = 1 };

    [Params("default")]
    public string Model { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchModels.Load(Model);
        var length = Math.Min(500, _model.ContextLength - 8);
        _prompt = BenchModels.Prompt(_model, length);
        _promptPlusOne = [.. _prompt, _model.Tokenizer.Encode("x")[0]];
    }

    [Benchmark(Description = "prompt + 1 char, cache hit")]
    public int CacheHit()
    {
        _model.Generator.Generate(_prompt, _options, CancellationToken.None);
        return _model.Generator.Generate(_promptPlusOne, _options, CancellationToken.None).EvaluatedPromptTokens;
    }

    [Benchmark(Baseline = true, Description = "prompt + 1 char, cold")]
    public int Cold()
    {
        _model.Generator.ClearCache();
        return _model.Generator.Generate(_promptPlusOne, _options, CancellationToken.None).EvaluatedPromptTokens;
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();
}
