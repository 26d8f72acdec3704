using System.Text.Json;

namespace FimComplete.Evaluation;

/// <summary>One project's paired task scores in two runs (same task ids, same order).</summary>
public sealed record PairedScores(string Project, string Split, IReadOnlyList<double> A, IReadOnlyList<double> B)
{
    public double MeanA => A.Count == 0 ? 0 : A.Average();

    public double MeanB => B.Count == 0 ? 0 : B.Average();
}

/// <summary>Difference B − A of the macro average (each project weighs the same) with a 95% paired bootstrap interval.</summary>
public sealed record MacroDifference(int Projects, int Tasks, double MacroA, double MacroB, double Difference, double Low, double High, int ProjectsBetter, int ProjectsWorse);

/// <summary>
/// Compares two eval-suite reports on the edit similarity of their shared tasks. The bootstrap resamples tasks within
/// each project (stratified, so each project keeps its weight and task count) with the same indices for both runs
/// (paired), and recomputes the macro difference; the interval says how much the difference owes to which tasks were
/// drawn from these projects, not to which projects were drawn.
/// </summary>
public static class SuiteComparison
{
    /// <summary>Pairs the two reports' per-task edit similarity by project name and task id (tasks in only one run are
    /// left out).</summary>
    public static IReadOnlyList<PairedScores> Pair(JsonDocument a, JsonDocument b, string metric = "edit_similarity")
    {
        var bProjects = b.RootElement.GetProperty("projects").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p, StringComparer.Ordinal);
        var pairs = new List<PairedScores>();
        foreach (var pa in a.RootElement.GetProperty("projects").EnumerateArray())
        {
            var name = pa.GetProperty("name").GetString()!;
            if (!bProjects.TryGetValue(name, out var pb))
            {
                continue;
            }

            var bScores = pb.GetProperty("results").EnumerateArray()
                .ToDictionary(r => r.GetProperty("id").GetString()!, r => Score(r, metric), StringComparer.Ordinal);
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var r in pa.GetProperty("results").EnumerateArray())
            {
                if (bScores.TryGetValue(r.GetProperty("id").GetString()!, out var y))
                {
                    xs.Add(Score(r, metric));
                    ys.Add(y);
                }
            }

            if (xs.Count > 0)
            {
                pairs.Add(new PairedScores(name, pa.GetProperty("split").GetString()!, xs, ys));
            }
        }

        return pairs;
    }

    private static double Score(JsonElement result, string metric) => result.GetProperty(metric).ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => result.GetProperty(metric).GetDouble(),
    };

    public static MacroDifference Compare(IReadOnlyList<PairedScores> projects, int iterations = 10000, int seed = 20261203)
    {
        if (projects.Count == 0)
        {
            throw new InvalidOperationException("The two reports share no project with tasks.");
        }

        var macroA = projects.Average(p => p.MeanA);
        var macroB = projects.Average(p => p.MeanB);
        var random = new Random(seed);
        var diffs = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var sum = 0.0;
            foreach (var p in projects)
            {
                var d = 0.0;
                for (var k = 0; k < p.A.Count; k++)
                {
                    var j = random.Next(p.A.Count);
                    d += p.B[j] - p.A[j];
                }

                sum += d / p.A.Count;
            }

            diffs[i] = sum / projects.Count;
        }

        return new MacroDifference(
            projects.Count, projects.Sum(p => p.A.Count), macroA, macroB, macroB - macroA,
            EvalMetrics.Percentile(diffs, 2.5), EvalMetrics.Percentile(diffs, 97.5),
            projects.Count(p => p.MeanB > p.MeanA), projects.Count(p => p.MeanB < p.MeanA));
    }
}
