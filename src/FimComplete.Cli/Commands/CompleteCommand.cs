using System.CommandLine;
using System.Text.Json;
using FimComplete.Engine;
using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Inference.Remote;

namespace FimComplete.Cli.Commands;

/// <summary><c>fimcomplete complete FILE --line L --column C</c>: ranked candidates for a cursor in a file.</summary>
internal static class CompleteCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "C# file to complete in." };
        var line = new Option<int>("--line") { Description = "1-based line of the cursor.", Required = true };
        var column = new Option<int>("--column") { Description = "1-based column of the cursor (UTF-16 code units).", Required = true };
        var model = CommonOptions.Model();
        var provider = CommonOptions.Provider();
        var threads = CommonOptions.Threads();
        var candidates = CommonOptions.Candidates();
        var maxNewTokens = CommonOptions.MaxNewTokens();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var multiline = new Option<string>("--multiline") { Description = "auto, always or never.", DefaultValueFactory = _ => "auto" };
        var root = new Option<DirectoryInfo?>("--root") { Description = "Workspace folder (default: the nearest folder above the file with a .sln, .slnx or .csproj, else the file's folder)." };
        var noMSBuild = new Option<bool>("--no-msbuild") { Description = "Do not load projects with MSBuild even with --trust-workspace (ad-hoc workspace of the folder's .cs files only)." };
        var trust = CommonOptions.TrustWorkspace();
        var switches = new PipelineSwitches();
        var backend = new RemoteBackendOptions();

        var command = new Command("complete", "Print ranked completions for a cursor position in a file.")
        {
            file, line, column, model, provider, threads, candidates, maxNewTokens, json, multiline, root, noMSBuild, trust,
        };
        switches.AddTo(command);
        backend.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var text = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            var offset = OffsetOf(text, parse.GetValue(line), parse.GetValue(column));
            using var loaded = CompletionPipeline.LoadModel(new ModelSettings(CommonOptions.ResolveModel(parse.GetValue(model)), parse.GetValue(provider) ?? "auto", parse.GetValue(threads)));
            var trusted = parse.GetValue(trust);
            if (!trusted)
            {
                CommonOptions.ReportUntrusted("complete");
            }

            var remote = backend.Read(parse);
            using var http = remote is null ? null : new RemoteHttp(remote.ConnectTimeout);
            var generator = CompletionPipeline.CreateGenerator(loaded, remote, _ => http!);
            var folder = parse.GetValue(root)?.FullName ?? WorkspaceRootOf(path.FullName);
            using var pipeline = await CompletionPipeline.OpenFolderAsync(loaded, folder, trusted && !parse.GetValue(noMSBuild), Console.Error, generator, cancellationToken);
            var engine = pipeline.Engine;
            var options = switches.Apply(parse, new CompletionOptions
            {
                Candidates = parse.GetValue(candidates),
                MaxNewTokens = parse.GetValue(maxNewTokens),
                LinePolicy = parse.GetValue(multiline) switch { "always" => LinePolicy.MultiLine, "never" => LinePolicy.SingleLine, _ => LinePolicy.Auto },
            });
            var result = await engine.CompleteAsync(new CompletionRequest(path.FullName, text, offset, options), cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    items = result.Items.Select(i => new { text = i.Text, score = i.Score, meanLogProb = i.MeanLogProb, endedOnEot = i.EndedOnEot }),
                    timings = new
                    {
                        totalMs = result.Timings.Total.TotalMilliseconds,
                        contextMs = result.Timings.BeforeGeneration.TotalMilliseconds,
                        semanticContextMs = result.Timings.SemanticContext.TotalMilliseconds,
                        generationMs = result.Timings.Generation.TotalMilliseconds,
                        rankingMs = result.Timings.AfterGeneration.TotalMilliseconds,
                        promptTokens = result.Timings.PromptTokens,
                        reusedPromptTokens = result.Timings.ReusedPromptTokens,
                        generatedTokens = result.Timings.GeneratedTokens,
                        contextTokens = result.Timings.ContextTokens,
                        constrained = result.Timings.Constrained,
                        multiLine = result.Timings.MultiLine,
                    },
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                for (var i = 0; i < result.Items.Count; i++)
                {
                    var item = result.Items[i];
                    Console.WriteLine($"#{i + 1} score={item.Score:F3} eot={item.EndedOnEot}");
                    Console.WriteLine(item.Text);
                    Console.WriteLine();
                }

                Console.Error.WriteLine($"{result.Items.Count} candidates in {result.Timings.Total.TotalMilliseconds:F0} ms ({result.Timings.PromptTokens} prompt tokens, {result.Timings.GeneratedTokens} generated)");
            }

            return 0;
        });
        return command;
    }

    /// <summary>The nearest folder above the file holding a solution or project file, else the file's folder.</summary>
    internal static string WorkspaceRootOf(string file)
    {
        var start = Path.GetDirectoryName(Path.GetFullPath(file))!;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (directory.EnumerateFiles("*.sln*").Any() || directory.EnumerateFiles("*.csproj").Any())
            {
                return directory.FullName;
            }
        }

        return start;
    }

    /// <summary>UTF-16 offset of a 1-based line and column; a column past the line's end is clamped to it.</summary>
    internal static int OffsetOf(string text, int line, int column)
    {
        if (line < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(line), "Lines start at 1.");
        }

        var offset = 0;
        for (var l = 1; l < line; l++)
        {
            var next = text.IndexOf('\n', offset);
            if (next < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(line), $"The file has only {l} lines.");
            }

            offset = next + 1;
        }

        var lineEnd = text.IndexOf('\n', offset);
        if (lineEnd < 0) lineEnd = text.Length;
        if (lineEnd > offset && text[lineEnd - 1] == '\r') lineEnd--;
        return Math.Min(offset + Math.Max(0, column - 1), lineEnd);
    }
}
