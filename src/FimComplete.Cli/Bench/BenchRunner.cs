using System.Diagnostics;
using System.Text.Json.Serialization;
using FimComplete.Engine;
using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Evaluation;

namespace FimComplete.Cli.Bench;

public sealed record LatencyStats(
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("p50_ms")] double P50,
    [property: JsonPropertyName("p95_ms")] double P95,
    [property: JsonPropertyName("max_ms")] double Max,
    [property: JsonPropertyName("mean_ms")] double Mean,
    [property: JsonPropertyName("generated_tokens_per_s")] double TokensPerSecond,
    [property: JsonPropertyName("prompt_tokens_reused")] double PromptReuse,
    [property: JsonPropertyName("cache_hit_rate")] double CacheHitRate)
{
    // A cache hit: at least 90% of the prompt's tokens came from the previous prompt's KV cache.
    public static LatencyStats From(IReadOnlyList<(double Ms, CompletionTimings Timings)> samples)
    {
        var ms = samples.Select(s => s.Ms).ToList();
        var generated = samples.Sum(s => s.Timings.GeneratedTokens);
        var generationSeconds = samples.Sum(s => s.Timings.Generation.TotalSeconds);
        var promptTokens = samples.Sum(s => s.Timings.PromptTokens);
        return new LatencyStats(
            samples.Count,
            EvalMetrics.Percentile(ms, 50),
            EvalMetrics.Percentile(ms, 95),
            ms.Count == 0 ? 0 : ms.Max(),
            ms.Count == 0 ? 0 : ms.Average(),
            generationSeconds > 0 ? generated / generationSeconds : 0,
            promptTokens == 0 ? 0 : (double)samples.Sum(s => s.Timings.ReusedPromptTokens) / promptTokens,
            samples.Count == 0 ? 0 : samples.Count(s => s.Timings.ReusedPromptTokens >= 0.9 * s.Timings.PromptTokens && s.Timings.PromptTokens > 0) / (double)samples.Count);
    }
}

public sealed record BenchReport(
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("tasks")] IReadOnlyDictionary<string, LatencyStats> Tasks,
    [property: JsonPropertyName("typing")] LatencyStats Typing,
    [property: JsonPropertyName("typing_no_prompt_cache")] LatencyStats TypingNoCache,
    [property: JsonPropertyName("peak_rss_mb")] double PeakRssMb,
    [property: JsonPropertyName("prompts_file")] string? PromptsFile)
{
    /// <summary>ONNX Runtime generator alone on the task prompts (batch 1, greedy, cold cache): the like-for-like
    /// counterpart of the PyTorch eager baseline.</summary>
    [JsonPropertyName("ort_same_prompts")]
    public LatencyStats? OrtSamePrompts { get; init; }

    /// <summary>The output of models/training/bench_eager.py on the same prompts.</summary>
    [JsonPropertyName("pytorch_eager")]
    public System.Text.Json.Nodes.JsonNode? PyTorchEager { get; init; }
}

/// <summary>
/// End-to-end latency over evaluation tasks (by kind) and a typing simulation (type the expected text one
/// character at a time, one request per keystroke), with and without the prompt cache. The pipeline is the shipped
/// one over the tasks' folder: each request's text reaches its workspace and adaptation first, as the editor's edits
/// reach the server before it asks.
/// </summary>
public sealed class BenchRunner(FolderPipeline pipeline, CompletionOptions options, TextWriter progress)
{
    private readonly CompletionEngine _engine = pipeline.Engine;

    public async Task<BenchReport> RunAsync(string root, IReadOnlyList<EvalTask> tasks, int typingTasks, string? promptsFile, CancellationToken cancellationToken)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        string TextOf(EvalTask task)
        {
            var path = Path.GetFullPath(Path.Combine(root, task.File));
            if (!texts.TryGetValue(path, out var text))
            {
                texts[path] = text = File.ReadAllText(path);
            }

            return text;
        }

        // Warm-up: the first run pays for lazy initialisation.
        if (tasks.Count > 0)
        {
            await RequestAsync(root, tasks[0], TextOf(tasks[0]), 0, clearCache: true, cancellationToken).ConfigureAwait(false);
        }

        var byKind = new Dictionary<string, List<(double, CompletionTimings)>>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var sample = await RequestAsync(root, task, TextOf(task), 0, clearCache: false, cancellationToken).ConfigureAwait(false);
            (byKind.TryGetValue(task.Kind, out var list) ? list : byKind[task.Kind] = []).Add(sample);
        }

        await progress.WriteLineAsync($"tasks: {tasks.Count} requests done").ConfigureAwait(false);
        var typingSet = tasks.Where(t => t.Kind == "single-line").Take(typingTasks).ToList();
        var typing = new List<(double, CompletionTimings)>();
        var typingCold = new List<(double, CompletionTimings)>();
        foreach (var task in typingSet)
        {
            var text = TextOf(task);
            var length = Math.Min(task.End - task.Start, 40);
            for (var typed = 0; typed <= length; typed++)
            {
                typing.Add(await RequestAsync(root, task, text, typed, clearCache: false, cancellationToken).ConfigureAwait(false));
            }

            for (var typed = 0; typed <= length; typed++)
            {
                typingCold.Add(await RequestAsync(root, task, text, typed, clearCache: true, cancellationToken).ConfigureAwait(false));
            }
        }

        await progress.WriteLineAsync($"typing: {typing.Count} keystrokes x 2").ConfigureAwait(false);
        if (promptsFile is not null)
        {
            await WritePromptsAsync(promptsFile, tasks, TextOf, cancellationToken).ConfigureAwait(false);
        }

        using var process = Process.GetCurrentProcess();
        return new BenchReport(
            $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
            DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
            _engine.Model.Folder.Name,
            byKind.ToDictionary(kv => kv.Key, kv => LatencyStats.From(kv.Value)),
            LatencyStats.From(typing),
            LatencyStats.From(typingCold),
            process.PeakWorkingSet64 / (1024.0 * 1024.0),
            promptsFile)
        {
            OrtSamePrompts = OrtSamePrompts,
        };
    }

    private async Task<(double, CompletionTimings)> RequestAsync(string root, EvalTask task, string text, int typed, bool clearCache, CancellationToken cancellationToken)
    {
        var expected = text[task.Start..task.End];
        var document = text.Remove(task.Start, task.End - task.Start).Insert(task.Start, expected[..typed]);
        if (clearCache)
        {
            _engine.Model.Generator.ClearCache();
        }

        var path = Path.GetFullPath(Path.Combine(root, task.File));
        pipeline.DocumentChanged(path, document);
        var clock = Stopwatch.StartNew();
        var result = await _engine.CompleteAsync(new CompletionRequest(path, document, task.Start + typed, options), cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        pipeline.DocumentClosed(path);
        return (elapsed, result.Timings);
    }

    /// <summary>Plain prompts of the tasks (token ids of the document windows, no cross-file context), the same for ONNX
    /// Runtime here and the PyTorch eager baseline (models/training/bench_eager.py): a comparison of the runtimes, not
    /// of the pipeline.</summary>
    private async Task WritePromptsAsync(string path, IReadOnlyList<EvalTask> tasks, Func<EvalTask, string> textOf, CancellationToken cancellationToken)
    {
        var builder = new Engine.Prompting.PromptWindowBuilder(_engine.Model.Tokenizer, _engine.Model.Template);
        var prompts = new List<int[]>();
        foreach (var task in tasks)
        {
            var text = textOf(task);
            var holed = text.Remove(task.Start, task.End - task.Start);
            var document = Engine.Text.NormalizedDocument.Create(holed, task.Start);
            var window = builder.Build(document, _engine.Model.ContextLength - options.MaxNewTokens - 4);
            prompts.Add(_engine.Model.Template.BuildPrompt(_engine.Model.Template.Template.DefaultMode, window.PrefixIds, window.SuffixIds));
        }

        await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(new { max_new_tokens = options.MaxNewTokens, candidates = 1, eot = _engine.Model.Template.EndOfTextId, stop = _engine.Model.Template.StopIds, prompts }), cancellationToken).ConfigureAwait(false);

        var samples = new List<(double, CompletionTimings)>();
        foreach (var prompt in prompts)
        {
            _engine.Model.Generator.ClearCache();
            var clock = Stopwatch.StartNew();
            var generated = _engine.Model.Generator.Generate(prompt, new Inference.Generation.GenerationOptions { MaxNewTokens = options.MaxNewTokens }, cancellationToken);
            var elapsed = clock.Elapsed;
            samples.Add((elapsed.TotalMilliseconds, new CompletionTimings(elapsed, TimeSpan.Zero, elapsed, prompt.Length, 0, generated.Candidates.Sum(c => c.TokenIds.Count))));
        }

        OrtSamePrompts = LatencyStats.From(samples);
    }

    /// <summary>Set by <see cref="RunAsync"/> when a prompts file is written.</summary>
    public LatencyStats? OrtSamePrompts { get; private set; }
}
