using System.CommandLine;
using System.Text.Json;
using FimComplete.Cli.Bench;
using FimComplete.Evaluation;

namespace FimComplete.Cli.Commands;

/// <summary><c>fimcomplete bench-lsp</c>: inline completion latency through a real <c>fimcomplete serve</c> process
/// over stdio pipes (cold, warm, typing-through), and the server's idle CPU.</summary>
internal static class LspBenchCommand
{
    public static Command Create()
    {
        var root = new Option<DirectoryInfo>("--root") { Description = "Workspace root of the tasks (also the server's workspace folder).", Required = true };
        var tasks = new Option<FileInfo>("--tasks") { Description = "Evaluation tasks (JSON lines).", Required = true };
        var limit = new Option<int>("--limit") { Description = "Tasks per kind.", DefaultValueFactory = _ => 10 };
        var kinds = new Option<string>("--kinds") { Description = "Task kinds, comma-separated.", DefaultValueFactory = _ => "single-line,multi-line" };
        var typed = new Option<int>("--typed") { Description = "Characters of each expected middle typed after the cold request (one request per keystroke).", DefaultValueFactory = _ => 8 };
        var idle = new Option<double>("--idle-seconds") { Description = "Idle period after the requests over which the server's CPU time is measured.", DefaultValueFactory = _ => 30 };
        var output = new Option<FileInfo?>("--out") { Description = "Write the report (JSON) here." };
        var serverLog = new Option<FileInfo?>("--server-log") { Description = "Write the server's stderr log here." };
        var serverDll = new Option<FileInfo?>("--server-dll") { Description = "Run this fimcomplete.dll as the server (another build, for before/after comparisons); default: this one." };
        var prefill = new Option<int>("--prefill-pause-ms") { Description = "Send fimComplete/prefill at each task's cursor after opening it and pause this long before the cold request (0: no prefill).", DefaultValueFactory = _ => 0 };
        var model = CommonOptions.Model();
        var threads = CommonOptions.Threads();
        var trust = CommonOptions.TrustWorkspace();
        var command = new Command("bench-lsp", "Measure textDocument/inlineCompletion latency through the real language server process over stdio.")
        {
            root, tasks, limit, kinds, typed, idle, output, serverLog, serverDll, prefill, model, threads, trust,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var wanted = parse.GetValue(kinds)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var perKind = parse.GetValue(limit);
            var taskList = EvalRunner.ReadTasks(parse.GetValue(tasks)!.FullName, null)
                .Where(t => wanted.Contains(t.Kind, StringComparer.Ordinal))
                .GroupBy(t => t.Kind).SelectMany(g => g.Take(perKind)).ToList();
            var arguments = new List<string> { "--model", CommonOptions.ResolveModel(parse.GetValue(model)) };
            if (parse.GetValue(threads) > 0)
            {
                arguments.AddRange(["--threads", parse.GetValue(threads).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            var trusted = parse.GetValue(trust);
            if (!trusted)
            {
                CommonOptions.ReportUntrusted("bench-lsp");
            }

            StreamWriter? log = parse.GetValue(serverLog) is { } logFile ? new StreamWriter(logFile.FullName) { AutoFlush = true } : null;
            await using (log)
            {
                var report = await new LspBenchRunner(Console.Error) { TrustWorkspace = trusted, PrefillPauseMs = parse.GetValue(prefill) }.RunAsync(
                    parse.GetValue(root)!.FullName, taskList, arguments, parse.GetValue(typed), TimeSpan.FromSeconds(parse.GetValue(idle)),
                    log is null ? null : TextWriter.Synchronized(log), parse.GetValue(serverDll)?.FullName, cancellationToken);
                var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
                if (parse.GetValue(output) is { } outFile)
                {
                    await File.WriteAllTextAsync(outFile.FullName, json, cancellationToken);
                }

                Console.WriteLine(json);
                Console.WriteLine(report.ToMarkdown());
            }

            return 0;
        });
        return command;
    }
}
