using System.Diagnostics;
using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Evaluation;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;
using Microsoft.CodeAnalysis;

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
        using var host = new EngineHost(TextWriter.Null);
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

    private static string ProjectRoot => ProjectSetSnapshot.SetRoot;

    private static string ProjectSource => ProjectSetSnapshot.SourceRoot;

    /// <summary>The real default model on two tasks of each kind of the project set (one multi-file C# project), with the
    /// ad-hoc workspace (the MSBuild one needs the snapshot restored, see make_project_set.py).</summary>
    [Fact]
    public async Task Eval_runs_the_default_model_on_project_set_tasks()
    {
        using var host = new EngineHost(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        await host.LoadAsync(new ModelSettings(TestPaths.DefaultModel, "cpu"), CancellationToken.None);
        Assert.Equal(ModelState.Ready, host.Status.State);
        var tasks = EvalRunner.ReadTasks(Path.Combine(ProjectRoot, "tasks.jsonl"), null).GroupBy(t => t.Kind).SelectMany(g => g.Take(2)).ToList();
        var report = await new EvalRunner(host, new CompletionOptions { Candidates = 2, MaxNewTokens = 24 }, TextWriter.Null)
            .RunAsync(ProjectSource, tasks, CancellationToken.None);

        Assert.Equal(6, report.Summary.Tasks);
        Assert.Equal(["member", "multi-line", "single-line"], report.ByKind.Keys.Order());
        Assert.Contains(report.Results, r => r.Completion.Trim().Length > 0);
        foreach (var (task, result) in tasks.Zip(report.Results))
        {
            var text = await File.ReadAllTextAsync(Path.Combine(ProjectSource, task.File));
            Assert.Equal(text[task.Start..task.End], result.Expected);
            Assert.InRange(result.EditSimilarity, 0, 1);
        }
    }

    /// <summary>The set's premise: its member tasks name members declared in another file of the project (the tasks
    /// where cross-file context and the member list must help), as Roslyn binds them in the ad-hoc workspace.</summary>
    [Fact]
    public async Task Project_set_member_tasks_name_members_declared_in_another_file()
    {
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false, WarmUp = false });
        var root = ProjectSource;
        workspace.SetFolders([root]);
        await workspace.WhenLoaded;
        var members = EvalRunner.ReadTasks(Path.Combine(ProjectRoot, "tasks.jsonl"), null).Where(t => t.Kind == "member").ToList();
        var crossFile = 0;
        foreach (var task in members)
        {
            var path = Path.GetFullPath(Path.Combine(root, task.File));
            var document = workspace.GetAnalysisDocument(path, await File.ReadAllTextAsync(path));
            var model = await document.GetSemanticModelAsync();
            var token = (await document.GetSyntaxRootAsync())!.FindToken(task.Start);
            var symbol = model!.GetSymbolInfo(token.Parent!).Symbol;
            if (symbol?.DeclaringSyntaxReferences is { Length: > 0 } declarations
                && declarations.All(d => !string.Equals(Path.GetFullPath(d.SyntaxTree.FilePath), path, StringComparison.Ordinal)))
            {
                crossFile++;
            }
        }

        Assert.Equal(100, members.Count);
        // The generator approximates with regular expressions; Roslyn confirms most (BCL members do not count).
        Assert.True(crossFile >= 65, $"{crossFile} of {members.Count} member tasks bind to a member declared in another file");
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
    public void Syntax_ok_compares_errors_by_place_not_count()
    {
        // With the hole, `Console.|` has two errors (identifier expected, `;` expected); this completion fixes both and
        // adds one, so the error counts of the two documents are equal while the completion's does not parse.
        const string original = "class C { void M(string greeting) { Console.WriteLine(greeting); } }";
        var start = original.IndexOf("Console.", StringComparison.Ordinal) + "Console.".Length;
        const string expected = "WriteLine(greeting);";
        Assert.True(EvalMetrics.SyntaxOk(original, start, expected, expected));
        Assert.True(EvalMetrics.SyntaxOk(original, start, "Write(greeting);  ", expected), "a different call that parses");
        Assert.False(EvalMetrics.SyntaxOk(original, start, "Write(greeting)", expected), "the hole's missing `;` is left, the expected text had it");
        Assert.False(EvalMetrics.SyntaxOk(original, start, "WriteLine(greeting = \"Hello\";", expected));
        Assert.True(EvalMetrics.SyntaxOk("class C { void M() { x = ; } }", 21, "y = 1;", "x = ;"), "errors the expected text has are no one's fault");
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
