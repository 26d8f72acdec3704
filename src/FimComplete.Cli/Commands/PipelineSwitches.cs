using System.CommandLine;
using FimComplete.Engine.Adaptive;
using FimComplete.Engine.Api;

namespace FimComplete.Cli.Commands;

/// <summary>The --no-* flags that switch pipeline parts off (shared by complete and eval).</summary>
internal sealed class PipelineSwitches : OptionGroup
{
    private readonly Option<bool> _noContext = new("--no-context") { Description = "Switch off cross-file context." };
    private readonly Option<ContextScope> _contextScope = new("--context-scope") { Description = "Where cross-file context goes: Everywhere or MemberAccess (after `expr.`).", DefaultValueFactory = _ => new CompletionOptions().ContextScope };
    private readonly Option<bool> _noConstraint = new("--no-constraint") { Description = "Switch off member-constrained decoding." };
    private readonly Option<bool> _noRank = new("--no-rank") { Description = "Switch off validity ranking (generation order)." };
    private readonly Option<bool> _noRebind = new("--no-rebind") { Description = "Switch off re-decoding a suggestion from a name that is not in scope." };
    private readonly Option<bool> _noCacheLm = new("--no-cache-lm") { Description = "Switch off the workspace cache language model." };
    private readonly Option<bool> _cacheLm = new("--cache-lm") { Description = "Switch on the workspace cache language model (when the default has it off)." };
    private readonly Option<bool> _retrieval = new("--retrieval") { Description = "Switch on similar-code retrieval (when the default has it off)." };
    private readonly Option<bool> _noRetrieval = new("--no-retrieval") { Description = "Switch off similar-code retrieval from the workspace." };
    private readonly Option<int?> _cacheLmBlockMinOrder = new("--cache-lm-block-min-order") { Description = "Cache LM gate: after the first line, matches shorter than N tokens are ignored (tuning)." };
    private readonly Option<int?> _cacheLmLiteralMinOrder = new("--cache-lm-literal-min-order") { Description = "Cache LM gate: inside string/char literals and comments, matches shorter than N tokens are ignored (tuning)." };
    private readonly Option<int?> _cacheLmMemberMinOrder = new("--cache-lm-member-min-order") { Description = "Cache LM gate: right after `.`, matches shorter than N tokens are ignored (tuning)." };
    private readonly Option<int?> _cacheLmMinOrder = new("--cache-lm-min-order") { Description = "Cache LM: matches shorter than N tokens are ignored everywhere (tuning)." };
    private readonly Option<string?> _cacheLmCalibration = new("--cache-lm-calibration") { Description = "Cache LM per-workspace weight: off, or FLOOR:FULL calibration precisions (tuning)." };
    private readonly Option<double?> _retrievalFloor = new("--retrieval-floor") { Description = "Retrieval's similarity floor (token Jaccard, tuning)." };
    private readonly Option<bool?> _contextNearCursor = new("--context-near-cursor") { Description = "Cross-file context only from types named near the cursor: true or false (tuning)." };
    private readonly Option<bool> _speculation = new("--speculation") { Description = "Speculative decoding: verify 4 prompt-lookup draft tokens per forward pass (greedy)." };

    protected override IEnumerable<Option> All =>
    [
        _noContext, _noConstraint, _noRank, _noRebind, _noCacheLm, _cacheLm, _noRetrieval, _retrieval, _speculation,
        _contextScope, _cacheLmBlockMinOrder, _cacheLmLiteralMinOrder, _cacheLmMemberMinOrder, _cacheLmMinOrder,
        _cacheLmCalibration, _retrievalFloor, _contextNearCursor,
    ];

    private CacheLmOptions CacheLmOf(ParseResult parse, CacheLmOptions options)
    {
        options = options with
        {
            BlockLineMinOrder = parse.GetValue(_cacheLmBlockMinOrder) ?? options.BlockLineMinOrder,
            LiteralMinOrder = parse.GetValue(_cacheLmLiteralMinOrder) ?? options.LiteralMinOrder,
            MemberMinOrder = parse.GetValue(_cacheLmMemberMinOrder) ?? options.MemberMinOrder,
            MinOrder = parse.GetValue(_cacheLmMinOrder) ?? options.MinOrder,
        };
        return parse.GetValue(_cacheLmCalibration) switch
        {
            null => options,
            "off" => options with { Calibrate = false },
            var range when range.Split(':') is [var floor, var full] => options with
            {
                Calibrate = true,
                CalibrationFloor = double.Parse(floor, System.Globalization.CultureInfo.InvariantCulture),
                CalibrationFull = double.Parse(full, System.Globalization.CultureInfo.InvariantCulture),
            },
            var other => throw new ArgumentException($"--cache-lm-calibration: expected off or FLOOR:FULL, got {other}"),
        };
    }

    public CompletionOptions Apply(ParseResult parse, CompletionOptions options) => options with
    {
        UseContext = !parse.GetValue(_noContext),
        ContextScope = parse.GetValue(_contextScope),
        UseConstraint = !parse.GetValue(_noConstraint),
        UseRanking = !parse.GetValue(_noRank),
        UseRebinding = !parse.GetValue(_noRebind),
        UseCacheLm = !parse.GetValue(_noCacheLm) && (parse.GetValue(_cacheLm) || options.UseCacheLm),
        UseRetrieval = !parse.GetValue(_noRetrieval) && (parse.GetValue(_retrieval) || options.UseRetrieval),
        CacheLm = CacheLmOf(parse, options.CacheLm ?? new CacheLmOptions()),
        RetrievalMinScore = parse.GetValue(_retrievalFloor) ?? options.RetrievalMinScore,
        ContextNearCursorOnly = parse.GetValue(_contextNearCursor) ?? options.ContextNearCursorOnly,
        SpeculativeDraftTokens = parse.GetValue(_speculation) ? 4 : options.SpeculativeDraftTokens,
    };
}
