using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FimComplete.Evaluation;

namespace FimComplete.Cli.Bench;

/// <summary>Client-side latencies of one kind of request.</summary>
public sealed record LspLatency(
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("p50_ms")] double P50,
    [property: JsonPropertyName("p95_ms")] double P95,
    [property: JsonPropertyName("max_ms")] double Max,
    [property: JsonPropertyName("with_items")] int WithItems)
{
    public static LspLatency From(IReadOnlyList<(double Ms, int Items)> samples)
    {
        var ms = samples.Select(s => s.Ms).ToList();
        return new LspLatency(samples.Count, EvalMetrics.Percentile(ms, 50), EvalMetrics.Percentile(ms, 95), ms.Count == 0 ? 0 : ms.Max(), samples.Count(s => s.Items > 0));
    }
}

public sealed record LspBenchReport(
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("load_average_before")] string LoadBefore,
    [property: JsonPropertyName("load_average_after")] string LoadAfter,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("server_ready_s")] double ReadySeconds,
    [property: JsonPropertyName("cold")] IReadOnlyDictionary<string, LspLatency> Cold,
    [property: JsonPropertyName("warm")] IReadOnlyDictionary<string, LspLatency> Warm,
    [property: JsonPropertyName("typing_through")] LspLatency TypingThrough,
    [property: JsonPropertyName("typing_through_mismatches")] int TypingThroughMismatches,
    [property: JsonPropertyName("idle_seconds")] double IdleSeconds,
    [property: JsonPropertyName("idle_cpu_seconds")] double IdleCpuSeconds,
    [property: JsonPropertyName("server_stages_ms")] IReadOnlyDictionary<string, LatencySummary> ServerStages)
{
    /// <summary>The report as a Markdown table (what docs/benchmarks.md shows).</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| request | n | p50 ms | p95 ms | max ms | with items |");
        text.AppendLine("|---|---|---|---|---|---|");
        void Row(string name, LspLatency l) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {l.Requests} | {l.P50:F1} | {l.P95:F1} | {l.Max:F1} | {l.WithItems} |");
        foreach (var (kind, latency) in Cold.OrderBy(k => k.Key, StringComparer.Ordinal)) Row($"{kind} task, cold (new document and prompt)", latency);
        foreach (var (kind, latency) in Warm.OrderBy(k => k.Key, StringComparer.Ordinal)) Row($"{kind} task, warm (keystroke, prompt cache)", latency);
        Row("typing-through (server cache, no model run)", TypingThrough);
        if (ServerStages.Count > 0)
        {
            text.AppendLine("\nServer-side stages of the requests that ran the model (from the server's log; the mode is the engine's choice at the cursor), ms:\n");
            text.AppendLine("| stage | p50 | p95 |");
            text.AppendLine("|---|---|---|");
            foreach (var (stage, summary) in ServerStages) text.AppendLine(CultureInfo.InvariantCulture, $"| {stage} | {summary.P50:F1} | {summary.P95:F1} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"\nIdle: {IdleCpuSeconds:F2} s of server CPU in {IdleSeconds:F0} s ({100 * IdleCpuSeconds / Math.Max(1e-9, IdleSeconds):F2}% of one core). Server ready after {ReadySeconds:F1} s. Load average before/after: {LoadBefore} / {LoadAfter}. {Date}, {Machine}, model {Model}.");
        return text.ToString();
    }
}

/// <summary>
/// Request-to-response latency of <c>textDocument/inlineCompletion</c> through the real server process over real pipes.
/// For each evaluation task: open the document with the task's middle removed and ask at the cursor (cold: a new
/// document and prompt), then type the expected middle one character at a time (up to the first line break), asking
/// after each keystroke as the editor does. A keystroke that matches the start of the top item shown is answered by
/// the server's typing-through cache (no model run: <c>typing_through</c>); any other keystroke runs the model with the
/// prompt cache of the previous keystroke (<c>warm</c>). Finally the server's CPU time is sampled over an idle period.
/// </summary>
public sealed partial class LspBenchRunner(TextWriter progress)
{
    /// <summary>Tell the server the workspace is trusted (initializationOptions.workspaceTrusted), so that it loads the
    /// root's projects with MSBuild; otherwise it makes ad-hoc projects of the .cs files only.</summary>
    public bool TrustWorkspace { get; init; }

    private const int Automatic = 2;

    /// <summary>The server's per-request log line (InlineCompletionService): engine total and its stages.</summary>
    [GeneratedRegex(@"engine (?<engine>\d+) ms, prompt \d+ tokens, \d+ reused, \d+ generated; analysis (?<analysis>\d+), context (?<context>\d+), retrieval (?<retrieval>\d+), prompt (?<prompt>\d+), generation (?<generation>\d+) \(prefill (?<prefill>\d+), (?<steps>\d+) steps (?<model>\d+) in the model\), ranking (?<ranking>\d+) ms; (?<mode>single|multi)-line")]
    private static partial Regex StageLine();

    /// <summary>p50/p95 of each stage over the server's log lines.</summary>
    internal static Dictionary<string, LatencySummary> Stages(IEnumerable<string> lines)
    {
        string[] names = ["engine", "analysis", "context", "retrieval", "prompt", "generation", "prefill", "steps", "model", "ranking"];
        var values = names.ToDictionary(n => n, _ => new List<double>());
        values["engine, single-line mode"] = [];
        values["engine, multi-line mode"] = [];
        foreach (var line in lines)
        {
            var match = StageLine().Match(line);
            if (!match.Success) continue;
            foreach (var name in names) values[name].Add(double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture));
            values[$"engine, {match.Groups["mode"].Value}-line mode"].Add(double.Parse(match.Groups["engine"].Value, CultureInfo.InvariantCulture));
        }

        return values.Where(v => v.Value.Count > 0).ToDictionary(
            v => v.Key switch { "context" => "cross-file context (Roslyn)", "steps" => "decode steps (count)", "model" => "decode steps in the model", "prefill" => "prompt evaluation (prefill)", _ => v.Key },
            v => new LatencySummary(EvalMetrics.Percentile(v.Value, 50), EvalMetrics.Percentile(v.Value, 95)));
    }

    public async Task<LspBenchReport> RunAsync(
        string root,
        IReadOnlyList<EvalTask> tasks,
        IReadOnlyList<string> serverArguments,
        int typedCharacters,
        TimeSpan idle,
        TextWriter? serverLog,
        string? serverDll,
        CancellationToken cancellationToken)
    {
        var loadBefore = LoadAverage();
        var clock = Stopwatch.StartNew();
        var client = LspProcessClient.Start(["serve", .. serverArguments], serverLog, serverDll);
        await using (client.ConfigureAwait(false))
        {
            var rootUri = new Uri(Path.GetFullPath(root)).AbsoluteUri;
            await client.RequestAsync("initialize", new
            {
                processId = Environment.ProcessId,
                clientInfo = new { name = "fimcomplete-bench-lsp", version = "1" },
                rootUri,
                workspaceFolders = new[] { new { uri = rootUri, name = Path.GetFileName(Path.GetFullPath(root)) } },
                capabilities = new { },
                initializationOptions = new { workspaceTrusted = TrustWorkspace },
            }, cancellationToken).ConfigureAwait(false);
            await client.NotifyAsync("initialized", new { }, cancellationToken).ConfigureAwait(false);
            var status = await client.WaitForNotificationAsync("fimComplete/status", p => p.GetProperty("state").GetString() is "ready" or "error", TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
            if (status.GetProperty("state").GetString() != "ready")
            {
                throw new InvalidOperationException($"The server did not load the model: {status.GetRawText()}");
            }

            var readySeconds = clock.Elapsed.TotalSeconds;
            var model = status.TryGetProperty("model", out var m) ? m.GetString() ?? "?" : "?";
            await progress.WriteLineAsync($"server ready after {readySeconds:F1} s ({model}); waiting for background work to settle").ConfigureAwait(false);
            await WaitUntilQuietAsync(client, cancellationToken).ConfigureAwait(false);

            // Warm-up (not recorded): JIT and lazy initialisation of every stage, on a document of its own (so that the
            // first measured request finds neither its document nor its prompt warm).
            await WarmUpAsync(client, root, cancellationToken).ConfigureAwait(false);
            var logStart = client.ServerLog.Count;

            var cold = new Dictionary<string, List<(double, int)>>(StringComparer.Ordinal);
            var warm = new Dictionary<string, List<(double, int)>>(StringComparer.Ordinal);
            var through = new List<(double, int)>();
            var mismatches = 0;
            foreach (var task in tasks)
            {
                mismatches += await RunTaskAsync(client, root, task, typedCharacters, List(cold, task.Kind), List(warm, task.Kind), through, cancellationToken).ConfigureAwait(false);
            }

            await progress.WriteLineAsync($"{tasks.Count} tasks done; idle for {idle.TotalSeconds:F0} s").ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            var cpuBefore = client.ServerCpuTime();
            var idleClock = Stopwatch.StartNew();
            await Task.Delay(idle, cancellationToken).ConfigureAwait(false);
            var idleCpu = client.ServerCpuTime() - cpuBefore;
            return new LspBenchReport(
                $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
                DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                loadBefore,
                LoadAverage(),
                model,
                readySeconds,
                cold.ToDictionary(k => k.Key, k => LspLatency.From(k.Value)),
                warm.ToDictionary(k => k.Key, k => LspLatency.From(k.Value)),
                LspLatency.From(through),
                mismatches,
                idleClock.Elapsed.TotalSeconds,
                idleCpu.TotalSeconds,
                Stages(client.ServerLog.Skip(logStart)));
        }
    }

    private static async Task WarmUpAsync(LspProcessClient client, string root, CancellationToken cancellationToken)
    {
        const string Text = "using System;\nusing System.Collections.Generic;\n\nnamespace Warm;\n\npublic sealed class Counter\n{\n    private readonly Dictionary<string, int> counts = new();\n\n    public void Add(string key)\n    {\n        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;\n        Console.\n    }\n\n    public int Total()\n    {\n        \n    }\n}\n";
        var uri = new Uri(Path.Combine(Path.GetFullPath(root), "__fimcomplete_bench_warmup__.cs")).AbsoluteUri;
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "csharp", version = 1, text = Text } }, cancellationToken).ConfigureAwait(false);
        foreach (var marker in new[] { "Console.", "        \n    }\n}", "counts[key] = ", "private readonly " })
        {
            var at = Text.IndexOf(marker, StringComparison.Ordinal);
            var offset = marker.StartsWith(' ') ? at + 8 : at + marker.Length;
            for (var repeat = 0; repeat < 2; repeat++)
            {
                await InlineAsync(client, uri, Text, offset, cancellationToken).ConfigureAwait(false);
            }
        }

        await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri } }, cancellationToken).ConfigureAwait(false);
    }

    private static List<(double, int)> List(Dictionary<string, List<(double, int)>> map, string kind) =>
        map.TryGetValue(kind, out var list) ? list : map[kind] = [];

    /// <summary>One task: open, cold request, type up to <paramref name="typedCharacters"/> characters of the expected
    /// middle's first line with a request after each, close. Returns the typing-through answers that were not the
    /// remainder of the previous top item (0 when the cache works).</summary>
    private static async Task<int> RunTaskAsync(
        LspProcessClient client,
        string root,
        EvalTask task,
        int typedCharacters,
        List<(double, int)>? cold,
        List<(double, int)>? warm,
        List<(double, int)>? through,
        CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Path.Combine(root, task.File));
        var original = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var expected = original[task.Start..task.End];
        var text = original.Remove(task.Start, task.End - task.Start);
        var uri = new Uri(path).AbsoluteUri;
        var version = 1;
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "csharp", version, text } }, cancellationToken).ConfigureAwait(false);
        var mismatches = 0;
        try
        {
            var cursor = task.Start;
            var (ms, items) = await InlineAsync(client, uri, text, cursor, cancellationToken).ConfigureAwait(false);
            cold?.Add((ms, items.Count));
            var lineEnd = expected.IndexOfAny(['\r', '\n']);
            var typeable = expected[..Math.Min(typedCharacters, lineEnd < 0 ? expected.Length : lineEnd)];
            foreach (var c in typeable)
            {
                var position = PositionOf(text, cursor);
                text = text.Insert(cursor, c.ToString());
                cursor++;
                await client.NotifyAsync("textDocument/didChange", new
                {
                    textDocument = new { uri, version = ++version },
                    contentChanges = new[] { new { range = new { start = position, end = position }, text = c.ToString() } },
                }, cancellationToken).ConfigureAwait(false);
                var shownTop = items.Count > 0 ? items[0] : null;
                (ms, items) = await InlineAsync(client, uri, text, cursor, cancellationToken).ConfigureAwait(false);
                if (shownTop is not null && shownTop.Length > 1 && shownTop[0] == c)
                {
                    through?.Add((ms, items.Count));
                    if (items.Count == 0 || items[0] != shownTop[1..])
                    {
                        mismatches++;
                    }
                }
                else
                {
                    warm?.Add((ms, items.Count));
                }
            }
        }
        finally
        {
            await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri } }, cancellationToken).ConfigureAwait(false);
        }

        return mismatches;
    }

    private static async Task<(double Ms, List<string> Items)> InlineAsync(LspProcessClient client, string uri, string text, int offset, CancellationToken cancellationToken)
    {
        var (response, elapsed) = await client.RequestAsync("textDocument/inlineCompletion", new
        {
            textDocument = new { uri },
            position = PositionOf(text, offset),
            context = new { triggerKind = Automatic },
        }, cancellationToken).ConfigureAwait(false);
        var items = new List<string>();
        if (response.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
            && result.TryGetProperty("items", out var list))
        {
            foreach (var item in list.EnumerateArray())
            {
                items.Add(item.GetProperty("insertText").GetString() ?? string.Empty);
            }
        }

        return (elapsed.TotalMilliseconds, items);
    }

    /// <summary>LSP position (line, UTF-16 character) of an offset; line breaks are \n, \r\n and \r.</summary>
    internal static object PositionOf(string text, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new { line, character = offset - lineStart };
    }

    /// <summary>Waits (up to 2 minutes) until the server uses under 5% of a core for 2 seconds in a row (workspace
    /// loading and indexing run in the background after the model is ready).</summary>
    private static async Task WaitUntilQuietAsync(LspProcessClient client, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var quiet = 0;
        var last = client.ServerCpuTime();
        while (quiet < 2 && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            var now = client.ServerCpuTime();
            quiet = (now - last).TotalSeconds < 0.05 ? quiet + 1 : 0;
            last = now;
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
