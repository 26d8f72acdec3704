using System.Diagnostics;
using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Engine.Evaluation;
using FimComplete.Engine.Hosting;

namespace FimComplete.Cli.Tests;

public sealed class EvalHarnessTests
{
    private static string VisibleRoot => Path.Combine(TestPaths.RepoRoot, "tests", "eval", "visible");

    /// <summary>A small mixed slice of the visible set: about 20 tasks of every kind.</summary>
    private static List<EvalTask> Slice() =>
        EvalRunner.ReadTasks(Path.Combine(VisibleRoot, "tasks.jsonl"), null)
            .GroupBy(t => t.Kind).SelectMany(g => g.Take(7)).ToList();

    [Fact]
    public async Task Eval_runs_the_pipeline_on_a_slice_of_the_visible_set()
    {
        using var host = new ModelHost(TextWriter.Null);
        await host.LoadAsync(new ModelSettings(TestPaths.Fixture("mha-manifest"), "cpu"), CancellationToken.None);
        Assert.Equal(ModelState.Ready, host.Status.State);
        var tasks = Slice();
        var progress = new StringWriter();
        var report = await new EvalRunner(host, new CompletionOptions { Candidates = 2, MaxNewTokens = 16 }, progress)
            .RunAsync(Path.Combine(VisibleRoot, "src"), tasks, CancellationToken.None);

        Assert.Equal(tasks.Count, report.Summary.Tasks);
        Assert.Equal(["member", "multi-line", "single-line"], report.ByKind.Keys.Order());
        Assert.All(report.Results, r =>
        {
            Assert.InRange(r.EditSimilarity, 0, 1);
            Assert.True(r.LatencyMs > 0);
            Assert.NotEmpty(r.Expected);
        });
        Assert.Contains($"[{tasks.Count}/{tasks.Count}]", progress.ToString());

        // The expected text really is the removed span.
        var first = tasks[0];
        var text = await File.ReadAllTextAsync(Path.Combine(VisibleRoot, "src", first.File));
        Assert.Equal(text[first.Start..first.End], report.Results[0].Expected);
    }

    [Fact]
    public void Metrics_follow_the_definitions()
    {
        Assert.Equal("a\nb", EvalMetrics.Normalize("  a  \r\n\n   b\n"));
        Assert.True(EvalMetrics.ExactMatch("foo( x );\n", "  foo( x );"));
        Assert.Equal(1.0, EvalMetrics.EditSimilarity("", "  \n"));
        Assert.Equal(1.0 - (1.0 / 3.0), EvalMetrics.EditSimilarity("abc", "abd"), 6);
        Assert.Equal(0.0, EvalMetrics.EditSimilarity("", "abc"));
        Assert.Equal(3, EvalMetrics.Levenshtein("kitten", "sitting"));
    }

    [Fact]
    public async Task Eval_command_writes_the_report_file()
    {
        var output = Path.Combine(Path.GetTempPath(), $"fim-eval-{Guid.NewGuid():N}.json");
        try
        {
            var exit = await Program.Main([
                "eval", "--root", Path.Combine(VisibleRoot, "src"), "--tasks", Path.Combine(VisibleRoot, "tasks.jsonl"),
                "--model", TestPaths.Fixture("mha-manifest"), "--limit", "3", "--out", output, "--max-new-tokens", "8",
            ]);
            Assert.Equal(0, exit);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            Assert.Equal(3, doc.RootElement.GetProperty("summary").GetProperty("tasks").GetInt32());
            Assert.Equal(3, doc.RootElement.GetProperty("results").GetArrayLength());
            foreach (var field in new[] { "exact_match", "edit_similarity", "syntax_ok", "latency_ms" })
            {
                Assert.True(doc.RootElement.GetProperty("summary").TryGetProperty(field, out _), field);
            }
        }
        finally
        {
            File.Delete(output);
        }
    }
}
