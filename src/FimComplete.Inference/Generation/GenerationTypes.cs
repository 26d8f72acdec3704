namespace FimComplete.Inference.Generation;

/// <summary>Why a candidate stopped.</summary>
public enum StopReason
{
    EndOfText,
    StopToken,
    StopString,
    MaxLines,
    MaxTokens,
    Rejected,
}

/// <summary>Decoding settings for one request.</summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Number of candidates; candidate i starts with the i-th most likely first token (diverse, deterministic).</summary>
    public int Candidates { get; init; } = 1;

    /// <summary>0 = greedy.</summary>
    public float Temperature { get; init; }

    public float TopP { get; init; } = 1f;
    public int Seed { get; init; } = 1234;

    /// <summary>Stop when the text would reach this many lines (0 = no limit); the text keeps the first MaxLines lines.</summary>
    public int MaxLines { get; init; }

    /// <summary>Stop when the text contains one of these; the text is cut before it.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Changes next-token logits before a token is chosen (constrained decoding, cache LM).</summary>
    public ILogitsProcessor? LogitsProcessor { get; init; }

    /// <summary>Draft tokens verified per forward pass in greedy decoding (0 = one token per pass). The output is the
    /// same either way; drafts that greedy decoding would not have chosen are rolled back.</summary>
    public int SpeculativeDraftTokens { get; init; }

    /// <summary>Smallest gap between the two best logits at which a position verified in a multi-token pass is decided
    /// there; closer calls are decided by a one-token pass (the multi-token pass rounds differently, see FimGenerator).</summary>
    public float SpeculativeMinMargin { get; init; } = 1.0f;

    /// <summary>Where drafts come from; null = <see cref="PromptLookupDraftSource.Default"/>.</summary>
    public IDraftSource? DraftSource { get; init; }
}

/// <summary>What a logits processor sees for one candidate at one step.</summary>
public sealed record LogitsContext(int Candidate, int Step, IReadOnlyList<int> GeneratedIds, string GeneratedText);

/// <summary>A hook on the next-token distribution. Set a logit to <see cref="float.NegativeInfinity"/> to forbid a token.</summary>
public interface ILogitsProcessor
{
    void Process(LogitsContext context, Span<float> logits);
}

/// <summary>One generated middle.</summary>
public sealed record GeneratedCandidate(string Text, IReadOnlyList<int> TokenIds, double SumLogProb, StopReason StopReason)
{
    /// <summary>Tokens generated when there are no ids (a remote server sends text, and log-probabilities only where its
    /// API has them); 0 with ids.</summary>
    public int TokenCount { get; init; }

    public double MeanLogProb => Math.Max(TokenIds.Count, TokenCount) is var count && count == 0 ? SumLogProb : SumLogProb / count;

    /// <summary>True when the model itself ended the middle (EOT or another stop token): EOT-aware best-of-n prefers these.</summary>
    public bool EndedOnEot => StopReason is StopReason.EndOfText or StopReason.StopToken;
}

/// <summary>The candidates and what the prompt cost.</summary>
public sealed record GenerationResult(IReadOnlyList<GeneratedCandidate> Candidates, int PromptTokens, int ReusedPromptTokens, int EvaluatedPromptTokens, int DecodeSteps)
{
    /// <summary>Time to evaluate the prompt (the part the prompt cache did not hold).</summary>
    public TimeSpan PromptTime { get; init; }

    /// <summary>Time inside the model's decode steps (the rest of decoding is choosing tokens, logits processors and stops).</summary>
    public TimeSpan DecodeModelTime { get; init; }

    /// <summary>Forward passes plain one-token-per-pass decoding needs for the same output (equals
    /// <see cref="DecodeSteps"/> without speculation).</summary>
    public int PlainDecodeSteps { get; init; }

    /// <summary>Draft tokens fed to the model for verification, over all candidates.</summary>
    public int DraftTokens { get; init; }

    /// <summary>Draft tokens that greedy decoding chose (kept), over all candidates.</summary>
    public int AcceptedDraftTokens { get; init; }
}
