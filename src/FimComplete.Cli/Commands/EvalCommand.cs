using System.CommandLine;
using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Evaluation;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;

namespace FimComplete.Cli.Commands;

/// <summary><c>fimcomplete eval --root DIR --tasks FILE.jsonl</c>: quality and latency on evaluation tasks.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var root = new Option<DirectoryInfo>("--root") { Description = "Workspace root; task files are relative to it.", Required = true };
        var tasks = new Option<FileInfo>("--tasks") { Description = "Tasks (JSON lines: id, file, start, end, kind).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the full report (JSON) here." };
        var limit = new Option<int?>("--limit") { Description = "Run only the first N tasks." };
        var rescore = new Option<FileInfo?>("--rescore") { Description = "Score the completions of an earlier report (its results by id) with the current metrics; no model runs." };
        var model = CommonOptions.Model();
        var provider = CommonOptions.Provider();
        var threads = CommonOptions.Threads();
        var candidates = CommonOptions.Candidates();
        var maxNewTokens = CommonOptions.MaxNewTokens();
        var trust = CommonOptions.TrustWorkspace();
        var switches = new PipelineSwitches();
        var backend = new RemoteBackendOptions();

        var command = new Command("eval", "Evaluate completion quality and latency on a task file.")
        {
            root, tasks, output, limit, model, provider, threads, candidates, maxNewTokens, trust, rescore,
        };
        switches.AddTo(command);
        backend.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = switches.Apply(parse, new CompletionOptions
            {
                Candidates = parse.GetValue(candidates),
                MaxNewTokens = parse.GetValue(maxNewTokens),
            });
            var trusted = parse.GetValue(trust);
            if (!trusted)
            {
                CommonOptions.ReportUntrusted("eval");
            }

            using var host = new EngineHost(Console.Error, new CodeWorkspaceOptions { UseMSBuild = trusted }) { BuildRetrievalIndex = options.UseRetrieval };
            var settings = new ModelSettings(CommonOptions.ResolveModel(parse.GetValue(model)), parse.GetValue(provider) ?? "auto", parse.GetValue(threads)) { Remote = backend.Read(parse) };
            await host.LoadAsync(settings, cancellationToken);
            if (host.Status.State != ModelState.Ready)
            {
                await Console.Error.WriteLineAsync($"Model not loaded: {host.Status.Message}");
                return 2;
            }

            var taskList = EvalRunner.ReadTasks(parse.GetValue(tasks)!.FullName, parse.GetValue(limit));
            var earlier = parse.GetValue(rescore) is { } rescored ? EvalRunner.ReadCompletions(rescored.FullName) : null;
            var report = await new EvalRunner(host, options, Console.Error) { FixedCompletions = earlier }.RunAsync(parse.GetValue(root)!.FullName, taskList, cancellationToken);
            var jsonOptions = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            if (parse.GetValue(output) is { } outFile)
            {
                await File.WriteAllTextAsync(outFile.FullName, JsonSerializer.Serialize(report, jsonOptions), cancellationToken);
            }

            Console.WriteLine(JsonSerializer.Serialize(new { summary = report.Summary, by_kind = report.ByKind }, jsonOptions));
            return 0;
        });
        return command;
    }
}
