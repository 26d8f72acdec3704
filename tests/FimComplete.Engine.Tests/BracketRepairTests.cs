using FimComplete.Engine.Analysis;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Ranking;
using FimComplete.Engine.Text;
using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Tests;

/// <summary>The ranker repairs a candidate whose only fault is its brackets or a missing <c>;</c> before rejecting it.</summary>
public sealed class BracketRepairTests
{
    private static readonly CodeWorkspace Workspace = new(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false, WarmUp = false });

    private const string Method = "class C\n{\n    int Sum(int a, int b) => a + b;\n\n    void M(int x)\n    {\n        |\n    }\n}\n";

    private static SpliceChecker At(string textWithCaret)
    {
        var (text, cursor) = Caret.Split(textWithCaret);
        var document = NormalizedDocument.Create(text, cursor);
        var analysis = DocumentAnalysis.Create(Workspace.GetAnalysisDocument($"/tmp/repair/{Guid.NewGuid():N}.cs", document.Text), document.Cursor, CancellationToken.None);
        return new SpliceChecker(analysis);
    }

    private static IReadOnlyList<ScoredCandidate> Rank(string textWithCaret, params string[] candidates) =>
        CandidateRanker.Rank(candidates.Select((c, i) => (c, -1.0 - i, true)), At(textWithCaret), useRanking: true, CancellationToken.None);

    [Fact]
    public void Unclosed_parentheses_are_closed_and_the_missing_semicolon_added()
    {
        var ranked = Rank(Method, "var y = Sum(1, Sum(2, x)");
        var top = Assert.Single(ranked);
        Assert.Equal("var y = Sum(1, Sum(2, x));", top.Text);
        Assert.True(top.Repaired);
        Assert.Equal(0, top.NewSyntaxErrors);
    }

    [Fact]
    public void A_closer_with_no_opener_in_the_candidate_is_trimmed()
    {
        var top = Assert.Single(Rank(Method, "var y = Sum(1, 2));"));
        Assert.Equal("var y = Sum(1, 2);", top.Text);
        Assert.True(top.Repaired);
    }

    [Fact]
    public void A_missing_semicolon_at_the_line_end_is_added()
    {
        var top = Assert.Single(Rank(Method, "var y = Sum(x, 2)"));
        Assert.Equal("var y = Sum(x, 2);", top.Text);
    }

    [Fact]
    public void An_unclosed_block_gets_its_brace_on_its_own_line_at_the_opener_indentation()
    {
        var top = Assert.Single(Rank(Method, "if (x > 0)\n        {\n            x = Sum(x, 1);"));
        Assert.Equal("if (x > 0)\n        {\n            x = Sum(x, 1);\n        }", top.Text);
        Assert.True(top.Repaired);
    }

    [Fact]
    public void A_parsing_candidate_is_kept_as_it_is_and_the_repair_penalty_ranks_it_above_a_repaired_one()
    {
        // Equal scores but for the repair penalty: the second candidate's log-probability makes up for its place.
        var second = -1.0 + CandidateRanker.OrderPenalty - (CandidateRanker.RepairPenalty / 2);
        var ranked = CandidateRanker.Rank([("x = Sum(1, 2", -1.0, true), ("x = Sum(2, 2);", second, true)],
            At(Method), useRanking: true, CancellationToken.None);
        Assert.Equal(["x = Sum(2, 2);", "x = Sum(1, 2);"], ranked.Select(r => r.Text));
        Assert.False(ranked[0].Repaired);
        Assert.True(ranked[1].Repaired);
    }

    [Fact]
    public void A_candidate_no_bracket_repair_can_save_is_still_rejected()
    {
        var ranked = Rank(Method, "x = Sum(1, 2]", "x = 1 2", "x = Sum(1, 2);");
        Assert.Equal(["x = Sum(1, 2);"], ranked.Select(r => r.Text));
    }

    [Fact]
    public void The_suffix_is_part_of_the_check_a_closer_it_already_has_is_not_added()
    {
        // Mid-line: the rest of the line `);` stays; the candidate `1, (2` needs only its own `(` closed.
        var top = Assert.Single(Rank(Method.Replace("|", "var y = Sum(|);", StringComparison.Ordinal), "1, (2 + x"));
        Assert.Equal("1, (2 + x)", top.Text);
    }

    [Fact]
    public void Brackets_in_strings_and_comments_do_not_count()
    {
        Assert.Equal(["Log(\":(\")", "Log(\":(\");"], BracketRepair.Variants("Log(\":(\""));
        Assert.Empty(BracketRepair.Variants("Log(\")\"); // )"));
        Assert.Equal(["Log(x); // done"], BracketRepair.Variants("Log(x) // done"));
        Assert.Empty(BracketRepair.Variants("(]"));
    }
}
