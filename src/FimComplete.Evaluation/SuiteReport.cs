using System.Text.Json.Serialization;

namespace FimComplete.Evaluation;

/// <summary>Quality of one task kind (or of all tasks): edit similarity, exact match, syntax ok, and how long the
/// completions are next to the expected text (total normalised characters of the completions / of the expected texts:
/// below 1 means answers stop early).</summary>
public sealed record SuiteKindStats(
    [property: JsonPropertyName("tasks")] int Tasks,
    [property: JsonPropertyName("edit_similarity")] double EditSimilarity,
    [property: JsonPropertyName("exact_match")] double ExactMatch,
    [property: JsonPropertyName("syntax_ok")] double SyntaxOk,
    [property: JsonPropertyName("length_ratio")] double LengthRatio)
{
    public static SuiteKindStats Of(IReadOnlyList<EvalResult> results)
    {
        if (results.Count == 0)
        {
            return new SuiteKindStats(0, 0, 0, 0, 0);
        }

        var expected = results.Sum(r => EvalMetrics.Normalize(r.Expected).Length);
        var completion = results.Sum(r => EvalMetrics.Normalize(r.Completion).Length);
        return new SuiteKindStats(
            results.Count,
            results.Average(r => r.EditSimilarity),
            results.Average(r => r.ExactMatch ? 1.0 : 0.0),
            results.Average(r => r.SyntaxOk ? 1.0 : 0.0),
            expected == 0 ? 0 : (double)completion / expected);
    }

    /// <summary>The unweighted mean over projects (each project weighs the same, whatever its task count).</summary>
    public static SuiteKindStats Macro(IReadOnlyList<SuiteKindStats> perProject) =>
        perProject.Count == 0
            ? new SuiteKindStats(0, 0, 0, 0, 0)
            : new SuiteKindStats(
                perProject.Sum(s => s.Tasks),
                perProject.Average(s => s.EditSimilarity),
                perProject.Average(s => s.ExactMatch),
                perProject.Average(s => s.SyntaxOk),
                perProject.Average(s => s.LengthRatio));
}

/// <summary>One project's row: its metrics over all tasks and per kind, and every task's result (for paired comparisons).</summary>
public sealed record SuiteProjectResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("style")] string Style,
    [property: JsonPropertyName("workspace")] string Workspace,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("all")] SuiteKindStats All,
    [property: JsonPropertyName("by_kind")] IReadOnlyDictionary<string, SuiteKindStats> ByKind,
    [property: JsonPropertyName("results")] IReadOnlyList<EvalResult> Results)
{
    public static SuiteProjectResult From(SuiteProject project, string workspace, double seconds, IReadOnlyList<EvalResult> results) => new(
        project.Name, project.Split, project.Style, workspace, seconds, SuiteKindStats.Of(results),
        results.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => SuiteKindStats.Of(g.ToList())),
        results);
}

/// <summary>A suite run: the pipeline switches it ran with, one row per project, and the macro averages per split
/// ("tune", "test") and over every project run ("all").</summary>
public sealed record SuiteReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("switches")] IReadOnlyDictionary<string, bool> Switches,
    [property: JsonPropertyName("projects")] IReadOnlyList<SuiteProjectResult> Projects,
    [property: JsonPropertyName("macro")] IReadOnlyDictionary<string, SuiteMacro> Macro)
{
    public static SuiteReport From(string model, CompletionSwitches switches, IReadOnlyList<SuiteProjectResult> projects)
    {
        var macro = new Dictionary<string, SuiteMacro>(StringComparer.Ordinal);
        foreach (var split in new[] { "tune", "test" })
        {
            var rows = projects.Where(p => p.Split == split).ToList();
            if (rows.Count > 0)
            {
                macro[split] = SuiteMacro.Of(rows);
            }
        }

        if (projects.Count > 0)
        {
            macro["all"] = SuiteMacro.Of(projects);
        }

        return new SuiteReport(model, switches.ToDictionary(), projects, macro);
    }
}

/// <summary>Macro averages over a set of projects, overall and per kind.</summary>
public sealed record SuiteMacro(
    [property: JsonPropertyName("projects")] int Projects,
    [property: JsonPropertyName("all")] SuiteKindStats All,
    [property: JsonPropertyName("by_kind")] IReadOnlyDictionary<string, SuiteKindStats> ByKind)
{
    public static SuiteMacro Of(IReadOnlyList<SuiteProjectResult> rows) => new(
        rows.Count,
        SuiteKindStats.Macro(rows.Select(r => r.All).ToList()),
        rows.SelectMany(r => r.ByKind.Keys).Distinct().Order(StringComparer.Ordinal)
            .ToDictionary(k => k, k => SuiteKindStats.Macro(rows.Where(r => r.ByKind.ContainsKey(k)).Select(r => r.ByKind[k]).ToList())));
}

/// <summary>Which pipeline parts a run had on (the --no-* flags of eval and eval-suite).</summary>
public sealed record CompletionSwitches(bool Context, bool Constraint, bool Rank, bool CacheLm, bool Retrieval)
{
    public static CompletionSwitches Of(Engine.Api.CompletionOptions options) =>
        new(options.UseContext, options.UseConstraint, options.UseRanking, options.UseCacheLm, options.UseRetrieval);

    public IReadOnlyDictionary<string, bool> ToDictionary() => new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        ["context"] = Context,
        ["constraint"] = Constraint,
        ["rank"] = Rank,
        ["cache_lm"] = CacheLm,
        ["retrieval"] = Retrieval,
    };
}
