using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FimComplete.Inference;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Models;

namespace FimComplete.Benchmarks;

/// <summary>
/// Greedy decoding of real prompts (the first 8 multi-line tasks of the visible evaluation set, 1600 characters before and
/// 600 after each, one candidate, up to 64 tokens) with speculative decoding (prompt-lookup drafts) and without; the
/// prompt cache holds each prompt, so the time is decoding. Also a decode step with 4 drafts against a one-token step,
/// and a cold 512-token prefill. The forward passes saved (a count, independent of load) come from
/// <c>fimcomplete eval</c>'s "decoding" block.
/// </summary>
[MemoryDiagnoser]
public class SpeculativeBenchmarks
{
    private FimModel _model = null!;
    private List<int[]> _prompts = null!;
    private int[] _long = null!;

    [Params(0, 4)]
    public int Drafts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchModels.Load("default");
        _prompts = VisibleMultiLinePrompts(_model, 8);
        _long = BenchModels.Prompt(_model, 512);
    }

    [Benchmark(Description = "greedy decode of 8 visible-set prompts")]
    public int Decode()
    {
        var tokens = 0;
        foreach (var prompt in _prompts)
        {
            var result = _model.Generator.Generate(prompt, new GenerationOptions { MaxNewTokens = 64, SpeculativeDraftTokens = Drafts }, CancellationToken.None);
            tokens += result.Candidates[0].TokenIds.Count;
        }

        return tokens;
    }

    [Benchmark(Description = "prefill 512 tokens, cold")]
    public int Prefill512()
    {
        _model.Generator.ClearCache();
        return _model.Generator.Generate(_long[..511], new GenerationOptions { MaxNewTokens = 1 }, CancellationToken.None).EvaluatedPromptTokens;
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    private static List<int[]> VisibleMultiLinePrompts(FimModel model, int count)
    {
        var visible = Path.Combine(BenchModels.RepoRoot, "tests", "eval", "visible");
        var prompts = new List<int[]>();
        foreach (var line in File.ReadLines(Path.Combine(visible, "tasks.jsonl")))
        {
            using var task = JsonDocument.Parse(line);
            var root = task.RootElement;
            if (root.GetProperty("kind").GetString() != "multi-line")
            {
                continue;
            }

            var text = File.ReadAllText(Path.Combine(visible, "src", root.GetProperty("file").GetString()!));
            var start = root.GetProperty("start").GetInt32();
            var end = root.GetProperty("end").GetInt32();
            var suffix = model.Template.EncodeSuffix(model.Tokenizer, text[end..Math.Min(text.Length, end + 600)]);
            suffix = suffix[..Math.Min(suffix.Length, 128)];
            var prefix = model.Template.EncodePrefix(model.Tokenizer, text[Math.Max(0, start - 1600)..start]);
            prefix = prefix[Math.Max(0, prefix.Length - (model.ContextLength - 64 - 3 - suffix.Length))..];
            prompts.Add(model.Template.BuildPrompt(FimMode.Spm, prefix, suffix));
            if (prompts.Count == count)
            {
                break;
            }
        }

        return prompts;
    }
}
