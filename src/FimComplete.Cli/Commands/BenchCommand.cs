using System.CommandLine;
using System.Text.Json;
using FimComplete.Cli.Bench;
using FimComplete.Engine.Api;
using FimComplete.Evaluation;
using FimComplete.Engine.Hosting;

namespace FimComplete.Cli.Commands;

/// <summary><c>fimcomplete bench</c>: end-to-end latency, typing simulation, cache effect, peak memory.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var root = new Option<DirectoryInfo>("--root") { Description = "Workspace root of the tasks.", Required = true };
        var tasks = new Option<FileInfo>("--tasks") { Description = "Evaluation tasks (JSON lines).", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Tasks per kind (default 30)." };
        var typing = new Option<int>("--typing-tasks") { Description = "Single-line tasks typed character by character.", DefaultValueFactory = _ => 5 };
        var output = new Option<FileInfo?>("--out") { Description = "Write the report (JSON) here." };
        var prompts = new Option<FileInfo?>("--prompts-out") { Description = "Write the task prompts (token ids) for the PyTorch baseline." };
        var pytorch = new Option<FileInfo?>("--pytorch-baseline") { Description = "Also time PyTorch eager generation of this training checkpoint on the same prompts (runs models/training/bench_eager.py with Debian's python3-torch)." };
        var model = CommonOptions.Model();
        var provider = CommonOptions.Provider();
        var threads = CommonOptions.Threads();
        var candidates = CommonOptions.Candidates();
        var maxNewTokens = CommonOptions.MaxNewTokens();
        var trust = CommonOptions.TrustWorkspace();

        var command = new Command("bench", "Measure end-to-end latency, typing-through with and without the prompt cache, and memory.")
        {
            root, tasks, limit, typing, output, prompts, pytorch, model, provider, threads, candidates, maxNewTokens, trust,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // The shipped pipeline over the root, as the server builds it for a workspace folder: MSBuild projects only
            // for a trusted root, else an ad-hoc workspace of its .cs files.
            var trusted = parse.GetValue(trust);
            if (!trusted)
            {
                CommonOptions.ReportUntrusted("bench");
            }

            var rootFolder = parse.GetValue(root)!.FullName;
            using var loaded = CompletionPipeline.LoadModel(new ModelSettings(CommonOptions.ResolveModel(parse.GetValue(model)), parse.GetValue(provider) ?? "auto", parse.GetValue(threads)));
            using var pipeline = await CompletionPipeline.OpenFolderAsync(loaded, rootFolder, trusted, Console.Error, generator: null, cancellationToken);
            var options = new CompletionOptions { Candidates = parse.GetValue(candidates), MaxNewTokens = parse.GetValue(maxNewTokens) };
            var perKind = parse.GetValue(limit) ?? 30;
            var taskList = EvalRunner.ReadTasks(parse.GetValue(tasks)!.FullName, null)
                .GroupBy(t => t.Kind).SelectMany(g => g.Take(perKind)).ToList();
            var checkpoint = parse.GetValue(pytorch);
            var promptsFile = parse.GetValue(prompts)?.FullName ?? (checkpoint is null ? null : Path.Combine(Path.GetTempPath(), $"fim-bench-prompts-{Environment.ProcessId}.json"));
            var report = await new BenchRunner(pipeline, options, Console.Error)
                .RunAsync(rootFolder, taskList, parse.GetValue(typing), promptsFile, cancellationToken);
            if (checkpoint is not null)
            {
                report = report with { PyTorchEager = await PyTorchBaseline.RunAsync(checkpoint.FullName, promptsFile!, parse.GetValue(threads), cancellationToken) };
            }
            var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
            if (parse.GetValue(output) is { } outFile)
            {
                await File.WriteAllTextAsync(outFile.FullName, json, cancellationToken);
            }

            Console.WriteLine(json);
            return 0;
        });
        return command;
    }
}
