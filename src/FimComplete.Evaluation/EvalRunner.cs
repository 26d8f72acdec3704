using System.Diagnostics;
using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Evaluation;

/// <summary>
/// Runs evaluation tasks through the same pipeline as the server: the root becomes the host's workspace folder (the
/// same Roslyn workspace the server uses: ad-hoc or MSBuild projects of every .cs file under it), the task's file is
/// opened with the expected text removed, and the top candidate at the cursor is compared with it. A host without a
/// workspace gets every .cs file under the root opened instead.
/// </summary>
public sealed class EvalRunner(IEngineHost host, CompletionOptions options, TextWriter progress)
{
    /// <summary>Completions by task id to score instead of asking the host (re-scoring an earlier report with the
    /// current metrics); their latency is reported as 0.</summary>
    public IReadOnlyDictionary<string, string>? FixedCompletions { get; init; }

    /// <summary>The completions of a report written by <c>eval --out</c>, by task id.</summary>
    public static IReadOnlyDictionary<string, string> ReadCompletions(string reportPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(reportPath));
        return json.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("completion").GetString()!, StringComparer.Ordinal);
    }

    public static IReadOnlyList<EvalTask> ReadTasks(string path, int? limit)
    {
        var tasks = new List<EvalTask>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            tasks.Add(JsonSerializer.Deserialize<EvalTask>(line) ?? throw new InvalidDataException($"Empty task line in {path}"));
            if (limit is { } max && tasks.Count >= max)
            {
                break;
            }
        }

        return tasks;
    }

    public async Task<EvalReport> RunAsync(string root, IReadOnlyList<EvalTask> tasks, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).ToList();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var workspaceHost = host as IWorkspaceHost;
        if (workspaceHost is not null)
        {
            workspaceHost.SetWorkspaceFolders([root]);
            await workspaceHost.WaitForWorkspaceAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            texts[Path.GetFullPath(file)] = text;
            if (workspaceHost is null)
            {
                host.DocumentOpened(Path.GetFullPath(file), text);
            }
        }

        var results = new List<EvalResult>(tasks.Count);
        foreach (var task in tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.GetFullPath(Path.Combine(root, task.File));
            if (!texts.TryGetValue(path, out var original))
            {
                throw new FileNotFoundException($"Task {task.Id} names a file that is not under {root}: {task.File}", path);
            }

            if (task.Start < 0 || task.End < task.Start || task.End > original.Length)
            {
                throw new InvalidDataException($"Task {task.Id} has offsets {task.Start}..{task.End} outside {task.File} (length {original.Length}).");
            }

            var expected = original[task.Start..task.End];
            if (FixedCompletions is not null)
            {
                if (!FixedCompletions.TryGetValue(task.Id, out var fixedCompletion))
                {
                    continue;
                }

                results.Add(await ScoreAsync(task, path, original, expected, fixedCompletion, 0, cancellationToken).ConfigureAwait(false));
                continue;
            }


            var holed = original.Remove(task.Start, task.End - task.Start);
            host.DocumentChanged(path, holed);
            var clock = Stopwatch.StartNew();
            var result = await host.CompleteAsync(new CompletionRequest(path, holed, task.Start, options), cancellationToken).ConfigureAwait(false);
            var latency = clock.Elapsed.TotalMilliseconds;
            if (workspaceHost is not null)
            {
                host.DocumentClosed(path);
            }
            else
            {
                host.DocumentChanged(path, original);
            }

            var completion = result.Items.Count > 0 ? result.Items[0].Text : string.Empty;
            var scored = await ScoreAsync(task, path, original, expected, completion, latency, cancellationToken).ConfigureAwait(false);
            results.Add(scored with
            {
                DecodeSteps = result.Timings.DecodeSteps,
                PlainDecodeSteps = result.Timings.PlainDecodeSteps,
                DraftTokens = result.Timings.DraftTokens,
                AcceptedDraftTokens = result.Timings.AcceptedDraftTokens,
            });

            if (results.Count % 10 == 0 || results.Count == tasks.Count)
            {
                var es = results.Average(r => r.EditSimilarity);
                var em = results.Average(r => r.ExactMatch ? 1.0 : 0.0);
                await progress.WriteLineAsync($"[{results.Count}/{tasks.Count}] edit similarity {es:F3}, exact match {em:F3}").ConfigureAwait(false);
            }
        }

        return EvalReport.From(results);
    }

    private async Task<EvalResult> ScoreAsync(EvalTask task, string path, string original, string expected, string completion, double latency, CancellationToken cancellationToken) =>
        new(task.Id, task.Kind, expected, completion,
            EvalMetrics.ExactMatch(completion, expected), EvalMetrics.EditSimilarity(completion, expected),
            EvalMetrics.SyntaxOk(original, task.Start, completion, expected, cancellationToken), latency)
        {
            BindOk = await EvalMetrics.BindOkAsync(BindingDocument(path, original), task.Start, completion, expected, cancellationToken).ConfigureAwait(false),
        };

    /// <summary>The task's document with its original text in the host's Roslyn workspace (its project's references);
    /// a host without one gets an ad-hoc project of the file with the runtime's references.</summary>
    private Document BindingDocument(string path, string original)
    {
        if (host is EngineHost { Workspace: { } workspace })
        {
            return workspace.GetAnalysisDocument(path, original);
        }

        var project = new AdhocWorkspace().CurrentSolution
            .AddProject("eval", "eval", LanguageNames.CSharp)
            .WithMetadataReferences(RuntimeReferences.All)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return project.AddDocument(Path.GetFileName(path), SourceText.From(original), filePath: path);
    }
}
