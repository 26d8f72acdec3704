using System.Text.Json.Serialization;

namespace FimComplete.Evaluation;

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

    /// <summary>Forward passes of decoding against plain one-token-per-pass decoding (speculative decoding).</summary>
    [JsonPropertyName("decoding")]
    public DecodingSummary? Decoding { get; init; }
}

/// <summary>Decode forward passes summed over tasks: as run, as plain decoding would have run them, and the draft tokens
/// verified and kept. Counts, so they do not depend on the machine's load.</summary>
public sealed record DecodingSummary(
    [property: JsonPropertyName("forward_passes")] int ForwardPasses,
    [property: JsonPropertyName("plain_forward_passes")] int PlainForwardPasses,
    [property: JsonPropertyName("draft_tokens")] int DraftTokens,
    [property: JsonPropertyName("accepted_draft_tokens")] int AcceptedDraftTokens)
{
    /// <summary>Plain passes per pass run (1 without speculation).</summary>
    [JsonPropertyName("pass_reduction")]
    public double PassReduction => ForwardPasses == 0 ? 1 : (double)PlainForwardPasses / ForwardPasses;

    /// <summary>Draft tokens kept per forward pass run.</summary>
    [JsonPropertyName("accepted_per_pass")]
    public double AcceptedPerPass => ForwardPasses == 0 ? 0 : (double)AcceptedDraftTokens / ForwardPasses;
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

    [JsonPropertyName("decode_steps")]
    public int DecodeSteps { get; init; }

    [JsonPropertyName("plain_decode_steps")]
    public int PlainDecodeSteps { get; init; }

    [JsonPropertyName("draft_tokens")]
    public int DraftTokens { get; init; }

    [JsonPropertyName("accepted_draft_tokens")]
    public int AcceptedDraftTokens { get; init; }
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

            Decoding = new DecodingSummary(results.Sum(r => r.DecodeSteps), results.Sum(r => r.PlainDecodeSteps), results.Sum(r => r.DraftTokens), results.Sum(r => r.AcceptedDraftTokens)),
        };
    }
}
