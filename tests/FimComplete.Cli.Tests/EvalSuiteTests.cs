using System.Text.Json;
using FimComplete.Evaluation;

namespace FimComplete.Cli.Tests;

/// <summary>The held-out project suite's committed list and task files, and the suite's aggregation and comparison.</summary>
public sealed class EvalSuiteTests
{
    private static string SuiteFolder => Path.Combine(TestPaths.RepoRoot, "tests", "eval", "projects");

    [Fact]
    public void Project_list_has_ten_projects_split_in_tune_and_test_with_old_and_modern_code_in_each()
    {
        var projects = SuiteProject.Read(Path.Combine(SuiteFolder, "projects.tsv"));

        Assert.True(projects.Count >= 10, $"{projects.Count} projects");
        foreach (var split in new[] { "tune", "test" })
        {
            var inSplit = projects.Where(p => p.Split == split).ToList();
            Assert.True(inSplit.Count >= 5, $"{inSplit.Count} {split} projects");
            Assert.Contains(inSplit, p => p.Style == "old");
            Assert.Contains(inSplit, p => p.Style == "modern");
        }

        Assert.True(projects.Count(p => p.Source == "debian") >= 5);
        Assert.True(projects.Count(p => p.Source == "corpus") >= 5);
        Assert.All(projects, p => Assert.Contains(p.Source, new[] { "debian", "corpus" }));
    }

    [Fact]
    public void Every_project_has_a_task_file_with_the_four_kinds()
    {
        var projects = SuiteProject.Read(Path.Combine(SuiteFolder, "projects.tsv"));
        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var tasks = EvalRunner.ReadTasks(Path.Combine(SuiteFolder, project.Name + ".jsonl"), null);
            Assert.True(tasks.Count >= 50, $"{project.Name}: {tasks.Count} tasks");
            Assert.Equal(["member", "multi-line", "single-line", "statement"], tasks.Select(t => t.Kind).Distinct().Order(StringComparer.Ordinal));
            Assert.All(tasks, t => Assert.True(t.End > t.Start && !Path.IsPathRooted(t.File), $"{project.Name} {t.Id}"));
            Assert.Equal(tasks.Count, tasks.Select(t => t.Id).Distinct().Count());
        }
    }

    [Fact]
    public void Project_list_rejects_a_missing_column_and_an_unknown_split()
    {
        var path = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}.tsv");
        try
        {
            File.WriteAllText(path, "name\tsource\tref\tversion\tsplit\nx\tdebian\tx\t1\ttune\n");
            Assert.Throws<InvalidDataException>(() => SuiteProject.Read(path));
            File.WriteAllText(path, "name\tsource\tref\tversion\tsplit\tstyle\nx\tdebian\tx\t1\tdev\told\n");
            Assert.Throws<InvalidDataException>(() => SuiteProject.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Macro_average_weighs_each_project_the_same()
    {
        static EvalResult Result(string id, string kind, double es) => new(id, kind, "abcd", es >= 1 ? "abcd" : "ab", es >= 1, es, true, 1);
        var small = SuiteProjectResult.From(new SuiteProject("small", "corpus", "a/b", "1", "test", "modern"), "ad-hoc", 1,
            [Result("a", "single-line", 1.0)]);
        var large = SuiteProjectResult.From(new SuiteProject("large", "debian", "c", "1", "test", "old"), "ad-hoc", 1,
            [.. Enumerable.Range(0, 9).Select(i => Result($"b{i}", "multi-line", 0.0))]);

        var report = SuiteReport.From("m", new CompletionSwitches(true, true, true, true, true), [small, large]);

        Assert.Equal(0.5, report.Macro["test"].All.EditSimilarity, 6);
        Assert.Equal(10, report.Macro["test"].All.Tasks);
        Assert.Equal(0.5, large.ByKind["multi-line"].LengthRatio, 6);
        Assert.False(report.Macro.ContainsKey("tune"));
    }

    [Fact]
    public void Paired_bootstrap_interval_is_zero_for_identical_runs_and_excludes_zero_for_a_clear_gain()
    {
        var same = new[] { new PairedScores("p", "test", [0.1, 0.5, 0.9], [0.1, 0.5, 0.9]) };
        var none = SuiteComparison.Compare(same, iterations: 500);
        Assert.Equal(0, none.Difference, 9);
        Assert.Equal(0, none.Low, 9);
        Assert.Equal(0, none.High, 9);

        var a = Enumerable.Range(0, 40).Select(i => (i % 10) / 10.0).ToArray();
        var gain = new[]
        {
            new PairedScores("p", "test", a, [.. a.Select(v => Math.Min(1, v + 0.2))]),
            new PairedScores("q", "test", a, [.. a.Select(v => v + ((v * 10 % 2) == 0 ? 0.05 : -0.01))]),
        };
        var result = SuiteComparison.Compare(gain, iterations: 2000);
        Assert.True(result.Low > 0 && result.High > result.Low && result.Difference > result.Low && result.Difference < result.High, $"{result}");
        Assert.Equal(2, result.ProjectsBetter);
    }

    [Fact]
    public void Reports_pair_by_project_and_task_id()
    {
        using var a = JsonDocument.Parse("""{"projects":[{"name":"p","split":"test","results":[{"id":"x","edit_similarity":0.5},{"id":"y","edit_similarity":1.0}]},{"name":"only-a","split":"test","results":[{"id":"x","edit_similarity":0.5}]}]}""");
        using var b = JsonDocument.Parse("""{"projects":[{"name":"p","split":"test","results":[{"id":"y","edit_similarity":0.0},{"id":"x","edit_similarity":0.75}]}]}""");

        var pairs = SuiteComparison.Pair(a, b);

        var p = Assert.Single(pairs);
        Assert.Equal([0.5, 1.0], p.A);
        Assert.Equal([0.75, 0.0], p.B);
    }
}
