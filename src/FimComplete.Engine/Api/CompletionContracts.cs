namespace FimComplete.Engine.Api;

/// <summary>How many lines a completion may span.</summary>
public enum LinePolicy
{
    /// <summary>Decided from the syntax at the cursor (mid-line: one line; empty line or block: several).</summary>
    Auto,
    SingleLine,
    MultiLine,
}

/// <summary>Per-request knobs. Defaults are what the editor gets out of the box.</summary>
public sealed record CompletionOptions
{
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Cap on the tokens of each candidate in single-line mode (a line rarely needs more; the 120 single-line
    /// tasks of the visible evaluation set have at most 83 characters). Candidates that reach it stop there.</summary>
    public int SingleLineMaxNewTokens { get; init; } = 32;

    /// <summary>Floor on the tokens of each candidate in multi-line mode (the larger of this and
    /// <see cref="MaxNewTokens"/>): blocks of five or six lines need more than 64 tokens, and one cut at the limit lost
    /// its unfinished last statement (docs/evaluation.md, multi-line whole blocks). The prompt gives up as many.</summary>
    public int MultiLineMaxNewTokens { get; init; } = 96;

    public int Candidates { get; init; } = 3;
    public float Temperature { get; init; }
    public float TopP { get; init; } = 0.95f;
    public int? Seed { get; init; }
    public LinePolicy LinePolicy { get; init; } = LinePolicy.Auto;
    public int MaxLines { get; init; } = 8;

    /// <summary>Prompt token budget; 0 means the model's context length minus <see cref="MaxNewTokens"/>.</summary>
    public int ContextTokens { get; init; }

    /// <summary>Cross-file context (Roslyn signatures, retrieval) in the prompt.</summary>
    public bool UseContext { get; init; } = true;

    /// <summary>Share of the prompt budget the cross-file Roslyn context may take (0 to 0.5). 0.15, 0.25 and 0.35 measured
    /// the same on the project eval set (docs/evaluation.md); a larger share leaves less of the file in the prompt.</summary>
    public double ContextShare { get; init; } = 0.25;

    /// <summary>Where the cross-file Roslyn context goes into the prompt (with <see cref="UseContext"/>).</summary>
    public ContextScope ContextScope { get; init; } = ContextScope.Everywhere;

    /// <summary>Member-constrained decoding after <c>expr.</c>.</summary>
    public bool UseConstraint { get; init; } = true;

    /// <summary>Token healing: whitespace before the cursor is left out of the prompt and re-written by the model (a prompt
    /// that ends in indentation or a space ends on a token the model rarely saw last).</summary>
    public bool UseTokenHealing { get; init; } = true;

    /// <summary>Roslyn validity ranking of candidates.</summary>
    public bool UseRanking { get; init; } = true;

    /// <summary>Re-decode a best suggestion that names something not in scope from that name, constrained to the names
    /// Roslyn knows there (<see cref="Ranking.RebindDecoder"/>; local model only).</summary>
    public bool UseRebinding { get; init; } = true;

    /// <summary>Mix a cache n-gram LM of the user's workspace into the model's next-token distribution.</summary>
    public bool UseCacheLm { get; init; } = true;

    /// <summary>Put similar code retrieved from the workspace into the prompt. Off by default: on the tune projects of
    /// tests/eval/projects every similarity floor tried cost all ES against no retrieval (docs/evaluation.md "Gates").</summary>
    public bool UseRetrieval { get; init; } = false;

    /// <summary>The cache LM's settings and gates for this request (null: the workspace adaptation's own).</summary>
    public Adaptive.CacheLmOptions? CacheLm { get; init; }

    /// <summary>Retrieval's similarity floor (token Jaccard) for this request (null: the retriever's own).</summary>
    public double? RetrievalMinScore { get; init; }

    /// <summary>Cross-file context only from types named near the cursor (see SemanticContextBuilder.Build); on: +0.003
    /// all ES on the tune projects (docs/evaluation.md "Gates").</summary>
    public bool ContextNearCursorOnly { get; init; } = true;

    /// <summary>Draft tokens (prompt lookup) verified per forward pass in greedy decoding; 0 (the default) is plain
    /// decoding. Off by default: with several candidates a near-tie can decode differently (docs/benchmarks.md).</summary>
    public int SpeculativeDraftTokens { get; init; }
}

/// <summary>Where the cross-file Roslyn context block is put into the prompt.</summary>
public enum ContextScope
{
    /// <summary>At every cursor (the symbols in play: receiver, locals, parameters, fields, base types, calls).</summary>
    Everywhere,

    /// <summary>Only after <c>expr.</c> (a member access): where the answer is often another file's member.</summary>
    MemberAccess,
}

/// <summary>
/// One completion request: the full text of the document as the editor has it, and the cursor as a
/// UTF-16 offset into it. Line endings are whatever the document uses (CRLF is normalised inside the
/// engine and restored on output).
/// </summary>
public sealed record CompletionRequest(string DocumentPath, string Text, int Offset, CompletionOptions Options)
{
    /// <summary>Text that the editor's suggest widget would insert at the cursor (LSP selectedCompletionInfo);
    /// the engine completes as if it had been accepted, and returned items start with it.</summary>
    public string? AcceptedPrefix { get; init; }
}

/// <summary>One ranked candidate: the text to insert at the cursor (in the document's line endings).</summary>
public sealed record CompletionItem(string Text, double Score, double MeanLogProb, bool EndedOnEot);

/// <summary>Where the time went. <see cref="BeforeGeneration"/> is everything before generation (analysis, cross-file
/// context, retrieval, windows, prompt); <see cref="SemanticContext"/> the cross-file context part of it;
/// <see cref="AfterGeneration"/> post-processing and ranking of the candidates. (Logs and JSON reports call the first
/// "context" and the last "ranking".)</summary>
public sealed record CompletionTimings(TimeSpan Total, TimeSpan BeforeGeneration, TimeSpan Generation, int PromptTokens, int ReusedPromptTokens, int GeneratedTokens)
{
    public TimeSpan SemanticContext { get; init; }

    public TimeSpan AfterGeneration { get; init; }

    /// <summary>Tokens of cross-file context in the prompt.</summary>
    public int ContextTokens { get; init; }

    /// <summary>True when the first identifier was constrained to the receiver's members.</summary>
    public bool Constrained { get; init; }

    /// <summary>The mode the request ran in.</summary>
    public bool MultiLine { get; init; }

    /// <summary>Roslyn syntax/semantic analysis of the document at the cursor (part of <see cref="BeforeGeneration"/>).</summary>
    public TimeSpan Analysis { get; init; }

    /// <summary>Similar-code retrieval (part of <see cref="BeforeGeneration"/>).</summary>
    public TimeSpan Retrieval { get; init; }

    /// <summary>Prompt windows, tokenisation and the cache LM's setup (part of <see cref="BeforeGeneration"/>).</summary>
    public TimeSpan Prompt { get; init; }

    /// <summary>Batched decode steps the generation ran.</summary>
    public int DecodeSteps { get; init; }

    /// <summary>Decode steps plain one-token-per-pass decoding needs for the same output.</summary>
    public int PlainDecodeSteps { get; init; }

    /// <summary>Draft tokens verified, and those kept (speculative decoding).</summary>
    public int DraftTokens { get; init; }

    public int AcceptedDraftTokens { get; init; }

    /// <summary>Evaluating the prompt's tokens that the prompt cache did not hold (part of <see cref="Generation"/>).</summary>
    public TimeSpan PromptEvaluation { get; init; }

    /// <summary>Inside the model's decode steps (part of <see cref="Generation"/>; the rest is choosing tokens, logits
    /// processors and stop checks).</summary>
    public TimeSpan DecodeModel { get; init; }

    /// <summary>One line, compact: where the time went (for logs).</summary>
    public string Describe() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"analysis {Analysis.TotalMilliseconds:F0}, context {SemanticContext.TotalMilliseconds:F0}, retrieval {Retrieval.TotalMilliseconds:F0}, prompt {Prompt.TotalMilliseconds:F0}, generation {Generation.TotalMilliseconds:F0} (prefill {PromptEvaluation.TotalMilliseconds:F0}, {DecodeSteps} steps {DecodeModel.TotalMilliseconds:F0} in the model), ranking {AfterGeneration.TotalMilliseconds:F0} ms; {(MultiLine ? "multi" : "single")}-line");
}

public sealed record CompletionResult(IReadOnlyList<CompletionItem> Items, CompletionTimings Timings)
{
    /// <summary>What the prompt was made of (null when no prompt was built: no model, or a cancelled request).</summary>
    public Pipeline.PromptTrace? Prompt { get; init; }

    public static CompletionResult Empty { get; } = new([], new CompletionTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0));
}

/// <summary>The completion pipeline: context -> prompt -> generate -> post-process -> rank.</summary>
public interface ICompletionEngine
{
    Task<CompletionResult> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken);
}

/// <summary>Documents the editor has open; the engine keeps its workspace (and later Roslyn) in step.</summary>
public interface IDocumentSink
{
    void DocumentOpened(string path, string text);
    void DocumentChanged(string path, string text);
    void DocumentClosed(string path);
}
