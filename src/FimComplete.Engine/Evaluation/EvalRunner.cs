using System.Diagnostics;
using System.Text.Json;
using FimComplete.Engine.Api;

namespace FimComplete.Engine.Evaluation;

/// <summary>
/// Runs evaluation tasks through the same pipeline as the server: the root becomes the host's workspace folder (the
/// same Roslyn workspace the server uses: ad-hoc or MSBuild projects of every .cs file under it), the task's file is
/// opened with the expected text removed, and the top candidate at the cursor is compared with it. A host without a
/// workspace gets every .cs file under the root opened instead.
/// </summary>
public sealed class EvalRunner(IModelHost host, CompletionOptions options, TextWriter progress)
{
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
            results.Add(new EvalResult(task.Id, task.Kind, expected, completion,
                EvalMetrics.ExactMatch(completion, expected), EvalMetrics.EditSimilarity(completion, expected),
                EvalMetrics.SyntaxOk(original, task.Start, completion, expected, cancellationToken), latency)
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
}
