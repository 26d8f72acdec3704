using BenchmarkDotNet.Attributes;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FimComplete.Benchmarks;

/// <summary>
/// The shipped model's graph layouts side by side (issue 19: the fused GroupQueryAttention graph against the exported
/// one): a decode step after 448 tokens (a typical SPM prompt), a verification pass of 5 tokens (speculative decoding)
/// after 448, and a cold 512-token prefill (the whole context). <c>FIMCOMPLETE_BENCH_MODELS</c>: comma-separated model
/// folders or names (default: "default"), so a graph that is not in the repository can be measured next to it.
/// </summary>
[MemoryDiagnoser]
public class GraphBenchmarks
{
    private FimModel _model = null!;
    private RunOptions _runOptions = null!;
    private KvCache _past = null!;
    private int[] _prompt = null!;

    public static IEnumerable<string> Models() =>
        (Environment.GetEnvironmentVariable("FIMCOMPLETE_BENCH_MODELS") is { Length: > 0 } list ? list : "default")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchModels.Load(Model);
        _runOptions = new RunOptions();
        _prompt = BenchModels.Prompt(_model, 512);
        using var empty = _model.Session.EmptyCache(1);
        _past = _model.Session.Run([_prompt[..448]], empty, _runOptions).Present;
    }

    [Benchmark(Description = "decode step (past 448)")]
    public float DecodeStep()
    {
        var output = _model.Session.Run([[_prompt[448]]], _past, _runOptions);
        output.Present.Dispose();
        return output.LastLogits[0][0];
    }

    [Benchmark(Description = "verify 5 drafts (past 448)")]
    public float Verify5()
    {
        var output = _model.Session.Run([_prompt[448..453]], _past, _runOptions, 5);
        output.Present.Dispose();
        return output.LastLogits[0][0];
    }

    [Benchmark(Description = "prefill 512 tokens, cold")]
    public float Prefill512()
    {
        using var empty = _model.Session.EmptyCache(1);
        var output = _model.Session.Run([_prompt], empty, _runOptions);
        output.Present.Dispose();
        return output.LastLogits[0][0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _past.Dispose();
        _runOptions.Dispose();
        _model.Dispose();
    }
}
