using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Evaluation;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;

namespace FimComplete.Cli.Commands;

/// <summary>
/// <c>fimcomplete eval-suite</c>: runs the held-out project suite (tests/eval/projects/projects.tsv, sources extracted
/// by tests/eval/projects/extract.py) and prints one row per project and the macro averages; <c>--compare A B</c>
/// compares two of its JSON reports with paired bootstrap intervals instead.
/// </summary>
internal static class EvalSuiteCommand
{
    public static Command Create()
    {
        var projects = new Option<FileInfo>("--projects")
        {
            Description = "The project list (TSV: name, source, ref, version, split, style).",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("tests", "eval", "projects", "projects.tsv")),
        };
        var cache = new Option<DirectoryInfo>("--cache")
        {
            Description = "Where extract.py put the projects' sources (<cache>/<name>/).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".cache", "eval-projects")),
        };
        var split = new Option<string>("--split") { Description = "tune, test or all.", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("tune", "test", "all");
        var only = new Option<string[]>("--only") { Description = "Run only these projects (names).", AllowMultipleArgumentsPerToken = true };
        var perKind = new Option<int?>("--per-kind") { Description = "Run only N tasks of each kind in each project, spread evenly over its task file (a quicker run)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the full report (JSON, with every task's result) here." };
        var compare = new Option<FileInfo[]>("--compare")
        {
            Description = "Compare two reports (A B): macro all ES of B − A with 95% paired bootstrap intervals; runs nothing.",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var model = CommonOptions.Model();
        var provider = CommonOptions.Provider();
        var threads = CommonOptions.Threads();
        var candidates = CommonOptions.Candidates();
        var maxNewTokens = CommonOptions.MaxNewTokens();
        var switches = new PipelineSwitches();

        var command = new Command("eval-suite", "Evaluate on the held-out project suite: one row per project, macro averages.")
        {
            projects, cache, split, only, perKind, output, compare, model, provider, threads, candidates, maxNewTokens,
        };
        switches.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(compare) is { Length: 2 } pair)
            {
                return await CompareAsync(pair[0], pair[1], cancellationToken);
            }

            var options = switches.Apply(parse, new CompletionOptions
            {
                Candidates = parse.GetValue(candidates),
                MaxNewTokens = parse.GetValue(maxNewTokens),
            });
            var list = SuiteProject.Read(parse.GetValue(projects)!.FullName);
            var chosenSplit = parse.GetValue(split)!;
            var names = parse.GetValue(only) ?? [];
            var selected = list.Where(p => (chosenSplit == "all" || p.Split == chosenSplit) && (names.Length == 0 || names.Contains(p.Name))).ToList();
            if (selected.Count == 0)
            {
                await Console.Error.WriteLineAsync("No project selected.");
                return 2;
            }

            var taskFolder = parse.GetValue(projects)!.DirectoryName!;
            var cacheRoot = parse.GetValue(cache)!.FullName;
            var modelPath = CommonOptions.ResolveModel(parse.GetValue(model));
            var settings = new ModelSettings(modelPath, parse.GetValue(provider) ?? "auto", parse.GetValue(threads));
            var rows = new List<SuiteProjectResult>();
            foreach (var project in selected)
            {
                var root = Path.Combine(cacheRoot, project.Name);
                if (!Directory.Exists(root))
                {
                    await Console.Error.WriteLineAsync($"{project.Name}: no sources in {root} (run tests/eval/projects/extract.py).");
                    return 2;
                }

                var tasks = EvalRunner.ReadTasks(Path.Combine(taskFolder, project.Name + ".jsonl"), null);
                if (parse.GetValue(perKind) is { } n)
                {
                    // Spread over the project (every count/n-th task of the kind), not its first files.
                    tasks = [.. tasks.GroupBy(t => t.Kind).SelectMany(g => Enumerable.Range(0, Math.Min(n, g.Count())).Select(i => g.ElementAt(i * g.Count() / Math.Min(n, g.Count()))))];
                }

                var clock = Stopwatch.StartNew();
                // The suite's caches hold .cs files only, so every project loads as an ad-hoc workspace (no design-time
                // build, no project code run), the same for old and modern projects.
                using var host = new EngineHost(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false, WarmUp = false }) { BuildRetrievalIndex = options.UseRetrieval };
                await host.LoadAsync(settings, cancellationToken);
                if (host.Status.State != ModelState.Ready)
                {
                    await Console.Error.WriteLineAsync($"Model not loaded: {host.Status.Message}");
                    return 2;
                }

                var report = await new EvalRunner(host, options, TextWriter.Null).RunAsync(root, tasks, cancellationToken);
                var row = SuiteProjectResult.From(project, "ad-hoc", clock.Elapsed.TotalSeconds, report.Results);
                rows.Add(row);
                // Written after every project, so a run stopped early still leaves the projects it finished.
                await WriteReportAsync(parse.GetValue(output), SuiteReport.From(modelPath, CompletionSwitches.Of(options), rows), cancellationToken);
                var calibration = host.CacheLmCalibration;
                await Console.Error.WriteLineAsync(FormattableString.Invariant($"[{rows.Count}/{selected.Count}] {project.Name} ({project.Split}): all ES {row.All.EditSimilarity:F3}, {tasks.Count} tasks in {row.Seconds:F0} s; cache LM self-precision {calibration?.Precision:F3} ({calibration?.MixedSteps} steps, weight {calibration?.WeightFor(options.CacheLm ?? new()):F2})"));
            }

            Console.WriteLine(SuiteTable.Rows(SuiteReport.From(modelPath, CompletionSwitches.Of(options), rows)));
            return 0;
        });
        return command;
    }

    private static async Task WriteReportAsync(FileInfo? output, SuiteReport report, CancellationToken cancellationToken)
    {
        if (output is null)
        {
            return;
        }

        var jsonOptions = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await File.WriteAllTextAsync(output.FullName, JsonSerializer.Serialize(report, jsonOptions), cancellationToken);
    }

        private static async Task<int> CompareAsync(FileInfo a, FileInfo b, CancellationToken cancellationToken)
    {
        using var docA = JsonDocument.Parse(await File.ReadAllTextAsync(a.FullName, cancellationToken));
        using var docB = JsonDocument.Parse(await File.ReadAllTextAsync(b.FullName, cancellationToken));
        var pairs = SuiteComparison.Pair(docA, docB);
        var rows = new List<(string, MacroDifference)>();
        foreach (var split in new[] { "tune", "test" })
        {
            var subset = pairs.Where(p => p.Split == split).ToList();
            if (subset.Count > 0)
            {
                rows.Add((split, SuiteComparison.Compare(subset)));
            }
        }

        if (rows.Count != 1)
        {
            rows.Add(("all", SuiteComparison.Compare(pairs)));
        }

        Console.WriteLine($"A = {a.Name}, B = {b.Name}");
        Console.WriteLine(SuiteTable.Comparison(rows));
        Console.WriteLine();
        Console.WriteLine("| project | split | all ES A | all ES B | B − A |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var p in pairs)
        {
            Console.WriteLine(FormattableString.Invariant($"| {p.Project} | {p.Split} | {p.MeanA:F3} | {p.MeanB:F3} | {SuiteTable.Signed(p.MeanB - p.MeanA)} |"));
        }

        return 0;
    }
}
