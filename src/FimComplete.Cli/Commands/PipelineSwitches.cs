using System.CommandLine;
using FimComplete.Engine.Api;

namespace FimComplete.Cli.Commands;

/// <summary>The --no-* flags that switch pipeline parts off (shared by complete and eval).</summary>
internal sealed class PipelineSwitches
{
    private readonly Option<bool> _noContext = new("--no-context") { Description = "Switch off cross-file context." };
    private readonly Option<ContextScope> _contextScope = new("--context-scope") { Description = "Where cross-file context goes: Everywhere or MemberAccess (after `expr.`).", DefaultValueFactory = _ => new CompletionOptions().ContextScope };
    private readonly Option<bool> _noConstraint = new("--no-constraint") { Description = "Switch off member-constrained decoding." };
    private readonly Option<bool> _noRank = new("--no-rank") { Description = "Switch off validity ranking (generation order)." };
    private readonly Option<bool> _noCacheLm = new("--no-cache-lm") { Description = "Switch off the workspace cache language model." };
    private readonly Option<bool> _noRetrieval = new("--no-retrieval") { Description = "Switch off similar-code retrieval from the workspace." };
    private readonly Option<bool> _speculation = new("--speculation") { Description = "Speculative decoding: verify 4 prompt-lookup draft tokens per forward pass (greedy)." };

    public void AddTo(Command command)
    {
        foreach (var option in new[] { _noContext, _noConstraint, _noRank, _noCacheLm, _noRetrieval, _speculation })
        {
            command.Options.Add(option);
        }

        command.Options.Add(_contextScope);
    }

    public CompletionOptions Apply(ParseResult parse, CompletionOptions options) => options with
    {
        UseContext = !parse.GetValue(_noContext),
        ContextScope = parse.GetValue(_contextScope),
        UseConstraint = !parse.GetValue(_noConstraint),
        UseRanking = !parse.GetValue(_noRank),
        UseCacheLm = !parse.GetValue(_noCacheLm),
        UseRetrieval = !parse.GetValue(_noRetrieval),
        SpeculativeDraftTokens = parse.GetValue(_speculation) ? 4 : options.SpeculativeDraftTokens,
    };
}
