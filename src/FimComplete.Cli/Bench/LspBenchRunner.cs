using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FimComplete.Evaluation;
using FimComplete.LspClient;

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
    /// <summary>From starting the server process to the first response with items, for a request sent right after
    /// <c>initialized</c> and the document's <c>didOpen</c> (model loading, workspace loading, JIT all still to come):
    /// what a user who types at once after opening a folder waits.</summary>
    [JsonPropertyName("first_items_after_start_s")]
    public double FirstItemsAfterStartSeconds { get; init; }

    /// <summary>Requests it took to get those items (an empty answer is asked again, as the editor does on the next keystroke).</summary>
    [JsonPropertyName("first_items_requests")]
    public int FirstItemsRequests { get; init; }

    /// <summary>Milliseconds between a document's <c>fimComplete/prefill</c> at the cursor and its first request (0: no prefill).</summary>
    [JsonPropertyName("prefill_pause_ms")]
    public int PrefillPauseMs { get; init; }

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

        text.AppendLine(CultureInfo.InvariantCulture, $"\nFirst items after the server process started (a request right after initialized and didOpen): {FirstItemsAfterStartSeconds:F1} s ({FirstItemsRequests} request(s)). Prefill pause before each cold request: {(PrefillPauseMs > 0 ? $"{PrefillPauseMs} ms" : "none")}.");
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
    /// <summary>How long one request may take (the first ones load the workspace).</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Tell the server the workspace is trusted (initializationOptions.workspaceTrusted), so that it loads the
    /// root's projects with MSBuild; otherwise it makes ad-hoc projects of the .cs files only.</summary>
    public bool TrustWorkspace { get; init; }

    /// <summary>When positive: after opening each task's document, send <c>fimComplete/prefill</c> at the cursor and
    /// pause this long before the cold request (the user placing the cursor, then typing), as the extension does.</summary>
    public int PrefillPauseMs { get; init; }

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
        var server = LspServerProcess.Start(ServerStartInfo(["serve", .. serverArguments], serverDll), serverLog);
        await using (server.ConfigureAwait(false))
        {
            try
            {
                return await this.MeasureAsync(server, root, tasks, typedCharacters, idle, loadBefore, clock, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await StopAsync(server).ConfigureAwait(false);
            }
        }
    }

    private async Task<LspBenchReport> MeasureAsync(
        LspServerProcess server,
        string root,
        IReadOnlyList<EvalTask> tasks,
        int typedCharacters,
        TimeSpan idle,
        string loadBefore,
        Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var client = server.Client;
        var rootUri = new Uri(Path.GetFullPath(root)).AbsoluteUri;
        await client.CallAsync("initialize", new
        {
            processId = Environment.ProcessId,
            clientInfo = new { name = "fimcomplete-bench-lsp", version = "1" },
            rootUri,
            workspaceFolders = new[] { new { uri = rootUri, name = Path.GetFileName(Path.GetFullPath(root)) } },
            capabilities = new { },
            initializationOptions = new { workspaceTrusted = TrustWorkspace },
        }, RequestTimeout, cancellationToken).ConfigureAwait(false);
        await client.NotifyAsync("initialized", new { }, cancellationToken).ConfigureAwait(false);
        var (firstItems, firstRequests) = tasks.Count > 0 ? await FirstItemsAsync(client, root, tasks[0], clock, cancellationToken).ConfigureAwait(false) : (0, 0);
        await progress.WriteLineAsync($"first items after start: {firstItems:F1} s ({firstRequests} request(s))").ConfigureAwait(false);
        var status = await client.WaitForNotificationAsync("fimComplete/status", p => p.GetProperty("state").GetString() is "ready" or "error", TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
        if (status.GetProperty("state").GetString() != "ready")
        {
            throw new InvalidOperationException($"The server did not load the model: {status.GetRawText()}");
        }

        var readySeconds = clock.Elapsed.TotalSeconds;
        var model = status.TryGetProperty("model", out var m) ? m.GetString() ?? "?" : "?";
        await progress.WriteLineAsync($"server ready after {readySeconds:F1} s ({model}); waiting for background work to settle").ConfigureAwait(false);
        await WaitUntilQuietAsync(server, cancellationToken).ConfigureAwait(false);

        // Warm-up (not recorded): JIT and lazy initialisation of every stage, on a document of its own (so that the
        // first measured request finds neither its document nor its prompt warm).
        await WarmUpAsync(client, root, cancellationToken).ConfigureAwait(false);
        // Once a client is attached the server logs through window/logMessage (Log has both that and stderr).
        var logBefore = server.Log;

        var cold = new Dictionary<string, List<(double, int)>>(StringComparer.Ordinal);
        var warm = new Dictionary<string, List<(double, int)>>(StringComparer.Ordinal);
        var through = new List<(double, int)>();
        var mismatches = 0;
        foreach (var task in tasks)
        {
            mismatches += await RunTaskAsync(client, root, task, typedCharacters, PrefillPauseMs, List(cold, task.Kind), List(warm, task.Kind), through, cancellationToken).ConfigureAwait(false);
        }

        await progress.WriteLineAsync($"{tasks.Count} tasks done; idle for {idle.TotalSeconds:F0} s").ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var cpuBefore = server.CpuTime();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(idle, cancellationToken).ConfigureAwait(false);
        var idleCpu = server.CpuTime() - cpuBefore;
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
            Stages(LogSince(logBefore, server.Log).Split('\n')))
        {
            FirstItemsAfterStartSeconds = firstItems,
            FirstItemsRequests = firstRequests,
            PrefillPauseMs = PrefillPauseMs,
        };
    }

    /// <summary>The part of the server log written after <paramref name="before"/> was read (all of it when the log's
    /// oldest lines were dropped in between).</summary>
    private static string LogSince(string before, string now) =>
        now.StartsWith(before, StringComparison.Ordinal) ? now[before.Length..] : now;

    /// <summary>The first task's document opened right after <c>initialized</c> and asked at its cursor until an answer
    /// has items (at most 3 minutes); seconds since the process started, and the requests it took.</summary>
    private static async Task<(double Seconds, int Requests)> FirstItemsAsync(LspConnection client, string root, EvalTask task, Stopwatch sinceStart, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Path.Combine(root, task.File));
        var original = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var text = original.Remove(task.Start, task.End - task.Start);
        var uri = new Uri(path).AbsoluteUri;
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "csharp", version = 1, text } }, cancellationToken).ConfigureAwait(false);
        try
        {
            var requests = 0;
            while (sinceStart.Elapsed < TimeSpan.FromMinutes(3))
            {
                requests++;
                var (_, items) = await InlineAsync(client, uri, text, task.Start, cancellationToken).ConfigureAwait(false);
                if (items.Count > 0)
                {
                    return (sinceStart.Elapsed.TotalSeconds, requests);
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            return (double.NaN, requests);
        }
        finally
        {
            await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri } }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WarmUpAsync(LspConnection client, string root, CancellationToken cancellationToken)
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
        LspConnection client,
        string root,
        EvalTask task,
        int typedCharacters,
        int prefillPauseMs,
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
            if (prefillPauseMs > 0)
            {
                await client.NotifyAsync("fimComplete/prefill", new { textDocument = new { uri }, position = PositionOf(text, cursor) }, cancellationToken).ConfigureAwait(false);
                await Task.Delay(prefillPauseMs, cancellationToken).ConfigureAwait(false);
            }

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

    private static async Task<(double Ms, List<string> Items)> InlineAsync(LspConnection client, string uri, string text, int offset, CancellationToken cancellationToken)
    {
        var (result, elapsed) = await client.CallTimedAsync("textDocument/inlineCompletion", new
        {
            textDocument = new { uri },
            position = PositionOf(text, offset),
            context = new { triggerKind = Automatic },
        }, RequestTimeout, cancellationToken).ConfigureAwait(false);
        var items = new List<string>();
        if (result.ValueKind == JsonValueKind.Object
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
    private static async Task WaitUntilQuietAsync(LspServerProcess server, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var quiet = 0;
        var last = server.CpuTime();
        while (quiet < 2 && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            var now = server.CpuTime();
            quiet = (now - last).TotalSeconds < 0.05 ? quiet + 1 : 0;
            last = now;
        }
    }

    /// <summary>This executable (or <c>dotnet fimcomplete.dll</c>), or <paramref name="serverDll"/> with <c>dotnet</c>
    /// (another build, for before/after comparisons), with <paramref name="arguments"/>.</summary>
    private static ProcessStartInfo ServerStartInfo(IReadOnlyList<string> arguments, string? serverDll)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is unknown.");
        var start = new ProcessStartInfo();
        if (serverDll is not null)
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(Path.GetFullPath(serverDll));
        }
        else if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = self;
            start.ArgumentList.Add(typeof(LspBenchRunner).Assembly.Location);
        }
        else
        {
            start.FileName = self;
        }

        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>shutdown + exit (up to 10 s); a server that does not end so is killed by its disposal.</summary>
    private static async Task StopAsync(LspServerProcess server)
    {
        if (server.HasExited)
        {
            return;
        }

        try
        {
            await server.ShutdownAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            // The server is killed when it is disposed.
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
