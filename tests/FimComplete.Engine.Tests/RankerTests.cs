using FimComplete.Engine.Ranking;
using FimComplete.Engine.Text;

namespace FimComplete.Engine.Tests;

public sealed class RankerTests
{
    [Fact]
    public void A_candidate_that_breaks_the_parse_is_rejected()
    {
        var text = "class C\n{\n    int M() { return ; }\n}\n";
        var doc = NormalizedDocument.Create(text, text.IndexOf("return ", StringComparison.Ordinal) + 7);
        var ranked = CandidateRanker.Rank(
            [("1 +* 2 )", -0.1, true), ("42", -1.0, false)],
            doc, useSyntax: true, CancellationToken.None);
        Assert.Single(ranked);
        Assert.Equal("42", ranked[0].Text);
    }

    [Fact]
    public void Ending_on_eot_earns_a_bonus_and_duplicates_collapse()
    {
        // "2" comes second (OrderPenalty off) with a better log-probability; the EOT bonus puts it first.
        Assert.Equal(["2", "1"], RankedAtInitializer(("1", -1.0, false), ("2", -0.4, true), ("2 ", -2.0, true)));
        Assert.Equal(["1", "2"], RankedAtInitializer(("1", -1.0, false), ("2", -0.4, false)));
    }

    [Fact]
    public void The_greedy_candidate_keeps_first_place_unless_another_is_clearly_more_likely()
    {
        // Candidate i starts from the i-th most likely first token; mean log-probability alone preferred short, confident
        // alternatives to the greedy line (measured on the visible and project sets, docs/evaluation.md).
        Assert.Equal(["count", "0"], RankedAtInitializer(("count", -0.8, true), ("0", -0.3, true)));
        Assert.Equal(["0", "count"], RankedAtInitializer(("count", -2.0, true), ("0", -0.3, true)));
    }

    [Fact]
    public void Without_ranking_the_generation_order_is_kept()
    {
        var doc = NormalizedDocument.Create("class C { int x = ; }", 18);
        var ranked = CandidateRanker.Rank([("1 +* 2 )", -3.0, false), ("2", -1.0, true)], doc, useSyntax: false, CancellationToken.None);
        Assert.Equal(["1 +* 2 )", "2"], ranked.Select(r => r.Text));
    }

    [Fact]
    public void Errors_are_compared_by_place_not_counted()
    {
        var text = "class C { void M() { System.Console. } }";
        var doc = NormalizedDocument.Create(text, text.IndexOf("Console.", StringComparison.Ordinal) + 8);
        var ranked = CandidateRanker.Rank([("WriteLine(1;", -0.1, false), ("WriteLine(1);", -1.0, false)], doc, useSyntax: true, CancellationToken.None);
        Assert.Equal(["WriteLine(1);"], ranked.Select(r => r.Text));
    }

    /// <summary>Syntax-only ranking at the initializer of <c>int x = |;</c>, candidates in generation order.</summary>
    private static IEnumerable<string> RankedAtInitializer(params (string Text, double MeanLogProb, bool EndedOnEot)[] candidates) =>
        CandidateRanker.Rank(candidates, NormalizedDocument.Create("class C { int x = ; }", 18), useSyntax: true, CancellationToken.None).Select(r => r.Text);
}
