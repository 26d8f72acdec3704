using FimComplete.Engine.Analysis;
using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Pipeline;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Ranking;
using FimComplete.Engine.Tests.Support;
using FimComplete.Engine.Text;
using FimComplete.Engine.Workspace;
using FimComplete.Evaluation;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;

namespace FimComplete.Engine.Tests;

/// <summary>Suggestions that bind: the eval metric, the ranker's preference, the fallback and the merged rankings, on
/// real Roslyn documents.</summary>
public sealed class BindingTests
{
    private static Task<bool> BindOk(string textWithCaret, string expected, string completion)
    {
        var (text, cursor) = Caret.Split(textWithCaret);
        var original = text.Insert(cursor, expected);
        var document = SpliceCheckers.Workspace.GetAnalysisDocument($"/tmp/binding/{Guid.NewGuid():N}.cs", original);
        return EvalMetrics.BindOkAsync(document, cursor, completion, expected, CancellationToken.None);
    }

    [Fact]
    public async Task Bind_ok_is_false_for_a_name_that_is_not_in_scope_and_true_for_one_that_is()
    {
        const string expected = "_orderRepository.GetAsync(orderNumber)";
        Assert.True(await BindOk(SpliceCheckers.OrderHandler, expected, expected));
        Assert.True(await BindOk(SpliceCheckers.OrderHandler, expected, "_orderRepository.GetAsync(orderNumber.Trim())"));
        Assert.False(await BindOk(SpliceCheckers.OrderHandler, expected, "_orderRepository.GetAsync(command.OrderNumber)")); // CS0103
        Assert.False(await BindOk(SpliceCheckers.OrderHandler, expected, "_orderRepository.FindAsync(orderNumber)")); // CS1061
        Assert.False(await BindOk(SpliceCheckers.OrderHandler, expected, "_orderRepository.GetAsync(orderNumber, 1)")); // CS1501
        Assert.False(await BindOk(SpliceCheckers.OrderHandler, expected, "new OrderRepo().GetAsync(orderNumber)")); // CS0246
    }

    [Fact]
    public async Task Bind_ok_does_not_hold_the_documents_own_name_errors_against_a_completion()
    {
        // `Missing` is unresolved in the document with the expected text too, after the span and before it.
        var text = SpliceCheckers.OrderHandler.Replace("return order;", "Missing(); return order;", StringComparison.Ordinal)
            .Replace("var order", "Undefined(); var order", StringComparison.Ordinal);
        Assert.True(await BindOk(text, "_orderRepository.GetAsync(orderNumber)", "_orderRepository.GetAsync(orderNumber + \"-1\")"));
        Assert.False(await BindOk(text, "_orderRepository.GetAsync(orderNumber)", "_orderRepository.GetAsync(Missing())"));
    }

    [Fact]
    public async Task Bind_ok_does_not_count_a_name_the_expected_text_cannot_resolve_either_nor_later_uses_of_what_it_declared()
    {
        // JsonConvert's assembly is not referenced: unresolved in the expected text as well, so not the completion's fault.
        const string expected = "JsonConvert.SerializeObject(orderNumber)";
        var text = SpliceCheckers.OrderHandler.Replace("var order = await |;", "var json = |;", StringComparison.Ordinal).Replace("return order;", "return null;", StringComparison.Ordinal);
        Assert.True(await BindOk(text, expected, "JsonConvert.SerializeObject(orderNumber.Trim())"));
        Assert.False(await BindOk(text, expected, "JsonConvert.SerializeObject(orderNumbr)"));

        // A completion that declares another name leaves `order` below unresolved: edit similarity counts that, bind_ok does not.
        var declaration = SpliceCheckers.OrderHandler.Replace("var order = await |;", "|", StringComparison.Ordinal);
        Assert.True(await BindOk(declaration, "var order = await _orderRepository.GetAsync(orderNumber);", "var found = await _orderRepository.GetAsync(orderNumber);"));
    }

    [Fact]
    public void The_ranker_prefers_a_candidate_whose_names_resolve()
    {
        // The first (greedy) candidate uses `command`, which is not in scope here; the second binds.
        var checker = SpliceCheckers.CheckerAt(SpliceCheckers.OrderHandler);
        var ranked = CandidateRanker.Rank(
            [("_orderRepository.GetAsync(command.OrderNumber)", -0.30, true), ("_orderRepository.GetAsync(orderNumber)", -0.45, true)],
            checker, useRanking: true, CancellationToken.None);

        Assert.Equal("_orderRepository.GetAsync(orderNumber)", ranked[0].Text);
        Assert.Equal(0, ranked[0].NewNameErrors);
        Assert.Equal(1, ranked[1].NewNameErrors);
    }

    [Fact]
    public void A_name_roslyn_cannot_judge_because_its_reference_did_not_load_is_not_penalised()
    {
        // ILogger's assembly is not referenced (ad-hoc project): `_logger` has an error type, so its members cannot be judged.
        var checker = SpliceCheckers.CheckerAt("""
            using Microsoft.Extensions.Logging;
            class Handler
            {
                private readonly ILogger<Handler> _logger = null!;
                void Handle(int id)
                {
                    |
                }
            }
            """);
        var ranked = CandidateRanker.Rank([("_logger.LogInformation(\"Handling {Id}\", id);", -0.5, true)], checker, useRanking: true, CancellationToken.None);
        Assert.Equal(0, Assert.Single(ranked).NewNameErrors);
    }

    [Fact]
    public void When_every_candidate_is_rejected_the_best_is_shown_cut_to_its_longest_parsing_prefix()
    {
        // `if (peCopy.History.Clear()` with no `)` and a broken tail: no candidate parses, and candidates: 1 showed nothing.
        var checker = SpliceCheckers.CheckerAt("class C\n{\n    void M(System.Collections.Generic.List<int> history)\n    {\n        var n = |\n    }\n}\n");
        var ranked = CandidateRanker.Rank([("history.Count +* / 2", -0.4, false)], checker, useRanking: true, CancellationToken.None);

        var only = Assert.Single(ranked);
        Assert.True(only.Truncated);
        Assert.Equal(0, only.NewSyntaxErrors);
        Assert.StartsWith("history.Count", only.Text, StringComparison.Ordinal);
        Assert.Equal(0, checker.NewSyntaxErrors(only.Text));
    }

    [Fact]
    public void Nothing_is_shown_when_no_prefix_of_any_candidate_parses()
    {
        var checker = SpliceCheckers.CheckerAt("class C\n{\n    void M()\n    {\n        var n = |\n    }\n}\n");
        Assert.Empty(CandidateRanker.Rank([(") )", -0.4, false)], checker, useRanking: true, CancellationToken.None));
    }

    [Fact]
    public void A_larger_decoding_adds_distinct_suggestions_after_a_best_one_that_binds_and_replaces_one_that_does_not()
    {
        ScoredCandidate Candidate(string text, double score, int nameErrors = 0) => new(text, score, true, 0, score) { NewNameErrors = nameErrors };
        var first = new[] { Candidate("Save(order);", -0.5), Candidate("Load(order);", -1.5) };
        var larger = new[] { Candidate("Load( order );", -0.2), Candidate("Save(order);", -0.5), Candidate("Send(order);", -2.0) };

        Assert.Equal(["Save(order);", "Load(order);", "Send(order);"], DecodingRounds.Merge(first, larger).Select(c => c.Text));

        var unbound = new[] { Candidate("Sav(order);", -0.5, nameErrors: 1) };
        Assert.Equal(["Load( order );", "Save(order);", "Send(order);"], DecodingRounds.Merge(unbound, larger).Select(c => c.Text));
    }
}

/// <summary>Cycling through suggestions with the shipped model: every suggestion differs from the others.</summary>
public sealed class DistinctSuggestionTests
{
    [Fact]
    public async Task Cycling_shows_distinct_suggestions_with_the_shipped_model()
    {
        using var model = FimModel.Load(TestPaths.DefaultModel, new InferenceOptions(ExecutionProviderKind.Cpu));
        var engine = CompletionPipeline.WithoutAdaptation(model);
        var (text, cursor) = Caret.Split("using System;\nclass Greeter\n{\n    public void Greet(string name)\n    {\n        Console.WriteLine(|);\n    }\n}\n");
        var options = new CompletionOptions { Candidates = 3, LinePolicy = LinePolicy.SingleLine };

        var result = await engine.CompleteAsync(new CompletionRequest("greeter.cs", text, cursor, options), CancellationToken.None);

        Assert.True(result.Items.Count >= 2, $"{result.Items.Count} suggestion(s)");
        var normalised = result.Items.Select(i => string.Join(' ', i.Text.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(normalised.Count, normalised.Distinct(StringComparer.Ordinal).Count());
    }
}
