using BenchmarkDotNet.Attributes;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FimComplete.Benchmarks;

/// <summary>Time of one decode step (batch 1 and batch 3, 128 tokens of past) and of a cold 128-token prompt (divide by 128
/// for the time per prompt token), for each fixture signature and the default model.</summary>
[MemoryDiagnoser]
public class DecoderBenchmarks
{
    private FimModel _model = null!;
    private RunOptions _runOptions = null!;
    private KvCache _past = null!;
    private KvCache _past3 = null!;
    private int[] _prompt = null!;

    [Params("mha-manifest", "gqa-hf", "merged-hf", "fp16kv-hf", "default")]
    public string Model { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchModels.Load(Model);
        _runOptions = new RunOptions();
        _prompt = BenchModels.Prompt(_model, 128);
        using var empty = _model.Session.EmptyCache(1);
        _past = _model.Session.Run([_prompt], empty, _runOptions).Present;
        _past3 = _past.SelectRows([0, 0, 0]);
    }

    [Benchmark(Description = "decode step (past 128)")]
    public float DecodeStep()
    {
        var output = _model.Session.Run([[_prompt[^1]]], _past, _runOptions);
        output.Present.Dispose();
        return output.LastLogits[0][0];
    }

    /// <summary>What a request with 3 candidates pays per generated token (the rows decode in one batch).</summary>
    [Benchmark(Description = "decode step, 3 rows (past 128)")]
    public float DecodeStep3()
    {
        var output = _model.Session.Run([[_prompt[^1]], [_prompt[^2]], [_prompt[^3]]], _past3, _runOptions);
        output.Present.Dispose();
        return output.LastLogits[2][0];
    }

    [Benchmark(Description = "prompt 128 tokens, cold")]
    public float Prompt128()
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
        _past3.Dispose();
        _runOptions.Dispose();
        _model.Dispose();
    }
}
