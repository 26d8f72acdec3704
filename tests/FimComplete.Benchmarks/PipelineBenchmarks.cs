using BenchmarkDotNet.Attributes;
using FimComplete.Engine;
using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;

namespace FimComplete.Benchmarks;

/// <summary>
/// One whole completion through the shipped pipeline, built by the composition root as the server builds it (workspace
/// adaptation included), on the sample file: a single-line request mid-statement and a multi-line one on an empty line
/// of a body. The prompt cache holds the same prompt after the first run, so this measures analysis, context, prompt,
/// decoding and ranking, not the cold prompt.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private FimModel _model = null!;
    private CodeWorkspace _workspace = null!;
    private CompletionEngine _engine = null!;
    private CompletionRequest _single = null!;
    private CompletionRequest _multi = null!;

    [Params("default")]
    public string Model { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchModels.Load(Model);
        _workspace = CompletionPipeline.PrivateWorkspace();
        _engine = CompletionPipeline.Create(_model, _workspace, log: null);
        var path = Path.Combine(BenchModels.RepoRoot, "tests", "fixtures", "samples", "Inventory.cs");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        _engine.Adaptation!.Update(path, text);
        // After `_items.Sum(` (one line), and an empty line opened in LowStock's body (a block).
        var call = text.IndexOf("_items.Sum(", StringComparison.Ordinal) + "_items.Sum(".Length;
        var body = text.IndexOf("LowStock(int threshold)\n    {\n", StringComparison.Ordinal) + "LowStock(int threshold)\n    {\n".Length;
        _single = new CompletionRequest(path, text, call, new CompletionOptions());
        _multi = new CompletionRequest(path, text.Insert(body, "        \n"), body + 8, new CompletionOptions());
        _engine.Complete(_single, CancellationToken.None);
    }

    [Benchmark(Description = "completion, single line")]
    public int SingleLine() => Check(_engine.Complete(_single, CancellationToken.None));

    [Benchmark(Description = "completion, multi-line")]
    public int MultiLine() => Check(_engine.Complete(_multi, CancellationToken.None));

    [GlobalCleanup]
    public void Cleanup()
    {
        _workspace.Dispose();
        _model.Dispose();
    }

    private static int Check(CompletionResult result) =>
        result.Timings.PromptTokens > 0 ? result.Items.Count : throw new InvalidOperationException("The pipeline built no prompt.");
}
