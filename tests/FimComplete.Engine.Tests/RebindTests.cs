using FimComplete.Engine.Analysis;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Ranking;
using FimComplete.Engine.Tests.Support;
using FimComplete.Engine.Text;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Onnx;

namespace FimComplete.Engine.Tests;

/// <summary>Re-decoding a suggestion from its first name that is not in scope: the unbound names Roslyn reports, the
/// names in scope there, and a real re-decoding with the shipped model.</summary>
public sealed class RebindTests
{
    [Fact]
    public void The_first_unbound_name_is_found_with_its_place_and_whether_it_has_a_receiver()
    {
        var checker = SpliceCheckers.CheckerAt(SpliceCheckers.OrderHandler);
        const string candidate = "_orderRepository.GetAsync(command.OrderNumber)";

        var unbound = CandidateRanker.UnboundNames(checker, candidate, CancellationToken.None);

        Assert.Equal(("command", candidate.IndexOf("command", StringComparison.Ordinal), false), (unbound[0].Name, unbound[0].Offset, unbound[0].HasReceiver));
        Assert.Empty(CandidateRanker.UnboundNames(checker, "_orderRepository.GetAsync(orderNumber)", CancellationToken.None));
        var member = CandidateRanker.UnboundNames(checker, "_orderRepository.FindAsync(orderNumber)", CancellationToken.None);
        Assert.Equal(("FindAsync", true), (member[0].Name, member[0].HasReceiver));
        Assert.Contains("GetAsync", member[0].ReceiverMembers!);
    }

    [Fact]
    public void Names_in_scope_hold_locals_parameters_fields_types_keywords_and_what_the_completion_declared_before()
    {
        var checker = SpliceCheckers.CheckerAt(SpliceCheckers.OrderHandler.Replace("var order = await |;", "|", StringComparison.Ordinal));
        const string candidate = "var total = 0; foreach (var line in lines) { total += line; } var after = total;";
        var root = checker.Splice(candidate).GetRoot();

        var names = ScopeNames.At(checker.Analysis, root, candidate, candidate.IndexOf("total +=", StringComparison.Ordinal), CancellationToken.None);

        Assert.Contains("orderNumber", names);
        Assert.Contains("_orderRepository", names);
        Assert.Contains("Order", names);
        Assert.Contains("this", names);
        Assert.Contains("total", names);
        Assert.Contains("line", names);
        Assert.DoesNotContain("after", names); // declared after the place
        Assert.DoesNotContain("command", names);
    }

    [Fact]
    public void A_made_up_name_is_redecoded_to_a_name_in_scope_with_the_shipped_model()
    {
        using var model = FimModel.Load(TestPaths.DefaultModel, new InferenceOptions(ExecutionProviderKind.Cpu));
        var (text, cursor) = Caret.Split(SpliceCheckers.OrderHandler);
        var prefix = model.Tokenizer.Encode(text[..cursor]);
        var suffix = model.Tokenizer.Encode(text[cursor..]);
        var ids = model.Template.BuildPrompt(model.Template.Template.DefaultMode, prefix, suffix);
        var prompt = new FimPrompt(ids, text[..cursor], text[cursor..], [], "handler.cs");
        var checker = SpliceCheckers.CheckerAt(SpliceCheckers.OrderHandler);
        const string madeUp = "_orderRepository.GetAsync(command.OrderNumber)";
        var candidate = new ScoredCandidate(madeUp, -0.2, true, 0, -0.2) { NewNameErrors = 1, NewBindingErrors = 1 };
        var decoder = new RebindDecoder(new LocalCandidateGenerator(model), model.Tokenizer, model.Template.StopIds);

        var result = decoder.Redecode(prompt, new GenerationOptions { MaxNewTokens = 24, MaxLines = 1 }, string.Empty, candidate, checker, CancellationToken.None);

        Assert.NotNull(result?.Candidate);
        var redecoded = result.Candidate.Text;
        Assert.StartsWith("_orderRepository.GetAsync(", redecoded, StringComparison.Ordinal);
        Assert.DoesNotContain("command", redecoded, StringComparison.Ordinal);
        var cut = redecoded.Split(';')[0];
        Assert.DoesNotContain(CandidateRanker.UnboundNames(checker, cut, CancellationToken.None), n => !n.HasReceiver);

        // A made-up member after `x.` is re-decoded to one of the receiver's members.
        var member = new ScoredCandidate("_orderRepository.FindAsync(orderNumber)", -0.2, true, 0, -0.2) { NewNameErrors = 1, NewBindingErrors = 1 };
        var rebound = decoder.Redecode(prompt, new GenerationOptions { MaxNewTokens = 24, MaxLines = 1 }, string.Empty, member, checker, CancellationToken.None);
        Assert.StartsWith("_orderRepository.GetAsync", rebound?.Candidate?.Text, StringComparison.Ordinal);
    }
}
