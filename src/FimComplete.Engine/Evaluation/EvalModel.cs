using System.Text.Json.Serialization;

namespace FimComplete.Engine.Evaluation;

/// <summary>One task line: remove text[start:end] (UTF-16 offsets), complete at start, compare.</summary>
public sealed record EvalTask(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End,
    [property: JsonPropertyName("kind")] string Kind);

public sealed record LatencySummary(
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p95")] double P95);

public sealed record EvalSummary(
    [property: JsonPropertyName("tasks")] int Tasks,
    [property: JsonPropertyName("exact_match")] double ExactMatch,
    [property: JsonPropertyName("edit_similarity")] double EditSimilarity,
    [property: JsonPropertyName("syntax_ok")] double SyntaxOk,
    [property: JsonPropertyName("latency_ms")] LatencySummary LatencyMs)
{
    /// <summary>Share of completions that add no name error (<see cref="BindingErrorDiff"/>).</summary>
    [JsonPropertyName("bind_ok")]
    public double BindOk { get; init; }

    /// <summary>Completion characters / expected characters over the tasks (both normalised as for ES): below 1, the
    /// completions are shorter than what the user wrote.</summary>
    [JsonPropertyName("length_ratio")]
    public double LengthRatio { get; init; }
}

public sealed record EvalResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("completion")] string Completion,
    [property: JsonPropertyName("exact_match")] bool ExactMatch,
    [property: JsonPropertyName("edit_similarity")] double EditSimilarity,
    [property: JsonPropertyName("syntax_ok")] bool SyntaxOk,
    [property: JsonPropertyName("latency_ms")] double LatencyMs)
{
    /// <summary>The completion adds no name error compared with the expected text (<see cref="BindingErrorDiff"/>).</summary>
    [JsonPropertyName("bind_ok")]
    public bool BindOk { get; init; } = true;
}

public sealed record EvalReport(
    [property: JsonPropertyName("summary")] EvalSummary Summary,
    [property: JsonPropertyName("by_kind")] IReadOnlyDictionary<string, EvalSummary> ByKind,
    [property: JsonPropertyName("results")] IReadOnlyList<EvalResult> Results)
{
    public static EvalReport From(IReadOnlyList<EvalResult> results) => new(
        Summarize(results),
        results.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Summarize(g.ToList())),
        results);

    private static EvalSummary Summarize(IReadOnlyList<EvalResult> results)
    {
        double Mean(Func<EvalResult, double> f) => results.Count == 0 ? 0 : results.Average(f);
        var latencies = results.Select(r => r.LatencyMs).ToList();
        return new EvalSummary(
            results.Count,
            Mean(r => r.ExactMatch ? 1 : 0),
            Mean(r => r.EditSimilarity),
            Mean(r => r.SyntaxOk ? 1 : 0),
            new LatencySummary(EvalMetrics.Percentile(latencies, 50), EvalMetrics.Percentile(latencies, 95)))
        {
            BindOk = Mean(r => r.BindOk ? 1 : 0),
            LengthRatio = EvalMetrics.LengthRatio(results.Select(r => (r.Completion, r.Expected))),
        };
    }
}
