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
    public void Ending_on_eot_is_preferred_at_equal_log_probability_and_duplicates_collapse()
    {
        var doc = NormalizedDocument.Create("class C { int x = ; }", 18);
        var ranked = CandidateRanker.Rank(
            [("1", -1.0, false), ("2", -1.0, true), ("2 ", -2.0, true)],
            doc, useSyntax: true, CancellationToken.None);
        Assert.Equal(["2", "1"], ranked.Select(r => r.Text));
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
}
