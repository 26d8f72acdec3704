#:package Microsoft.ML.OnnxRuntime@1.31.1
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
// ONNX Runtime step times of exported model packages (size_sweep.py), with the server's session settings
// (CPU provider, intra-op threads as given): a full prefill of N tokens (the first request), an incremental
// prefill of K tokens over a cached past of N (a keystroke with the prompt cache), and a decode step of R rows
// over a past of N (each generated token). Medians over repeats.
// Usage: dotnet run step_bench.cs -- THREADS CTX1,CTX2 MODEL_DIR...
using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

var threads = int.Parse(args[0]);
var ctxs = args[1].Split(',').Select(int.Parse).ToArray();
var results = new List<Dictionary<string, object>>();
foreach (var dir in args.Skip(2))
{
    using var opts = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
    using var session = new InferenceSession(Path.Combine(dir, "model.onnx"), opts);
    var pastNames = session.InputMetadata.Keys.Where(k => k.StartsWith("past_key_values.")).ToList();
    var dims = session.InputMetadata[pastNames[0]].Dimensions; // [batch, heads, past, headDim]
    int heads = dims[1], headDim = dims[3];
    var row = new Dictionary<string, object> { ["model"] = Path.GetFileName(dir.TrimEnd('/')), ["threads"] = threads };
    foreach (var ctx in ctxs)
    {
        row[$"prefill_{ctx}_ms"] = Median(3, () => Run(session, pastNames, heads, headDim, 1, ctx, 0));
        row[$"incremental8_past{ctx}_ms"] = Median(9, () => Run(session, pastNames, heads, headDim, 1, 8, ctx));
        row[$"decode3_past{ctx}_ms"] = Median(15, () => Run(session, pastNames, heads, headDim, 3, 1, ctx));
    }
    results.Add(row);
    Console.Error.WriteLine(JsonSerializer.Serialize(row));
}
Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));

static double Median(int n, Func<double> f)
{
    f(); // warm-up
    var xs = Enumerable.Range(0, n).Select(_ => f()).OrderBy(x => x).ToList();
    return Math.Round(xs[n / 2], 2);
}

static double Run(InferenceSession s, List<string> pastNames, int heads, int headDim, int batch, int seq, int past)
{
    var inputs = new List<NamedOnnxValue>
    {
        NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(Enumerable.Range(0, batch * seq).Select(i => (long)(5 + i % 4000)).ToArray(), new[] { batch, seq })),
        NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(Enumerable.Repeat(1L, batch * (past + seq)).ToArray(), new[] { batch, past + seq })),
        NamedOnnxValue.CreateFromTensor("position_ids", new DenseTensor<long>(Enumerable.Range(0, batch * seq).Select(i => (long)(past + i % seq)).ToArray(), new[] { batch, seq })),
    };
    foreach (var name in pastNames)
    {
        inputs.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(new float[batch * heads * past * headDim], new[] { batch, heads, past, headDim })));
    }
    var sw = Stopwatch.StartNew();
    using var outputs = s.Run(inputs);
    return sw.Elapsed.TotalMilliseconds;
}
