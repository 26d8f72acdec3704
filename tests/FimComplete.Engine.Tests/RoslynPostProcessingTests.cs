using FimComplete.Engine.Analysis;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Ranking;
using FimComplete.Engine.Text;
using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Tests;

public sealed class RoslynPostProcessingTests
{
    private static readonly CodeWorkspace Workspace = new(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false, WarmUp = false });

    private static (NormalizedDocument Document, SpliceChecker Checker) At(string textWithCaret)
    {
        var (text, cursor) = Caret.Split(textWithCaret);
        var document = NormalizedDocument.Create(text, cursor);
        var analysis = DocumentAnalysis.Create(Workspace.GetAnalysisDocument($"/tmp/post/{Guid.NewGuid():N}.cs", document.Text), document.Cursor, CancellationToken.None);
        return (document, new SpliceChecker(analysis));
    }

    private static string? Clean(string raw, string textWithCaret, bool multiLine)
    {
        var (document, checker) = At(textWithCaret);
        var text = CandidatePostProcessor.Process(raw, document, multiLine);
        return text is null ? null : CandidatePostProcessor.Refine(text, checker, multiLine);
    }

    [Fact]
    public void A_closer_the_line_already_has_is_dropped_when_the_splice_does_not_parse()
    {
        Assert.Equal("a, b", Clean("a, b));", "class C { void M() { Foo(|); } void Foo(int a, int b) { } }", multiLine: false));
    }

    [Fact]
    public void A_block_completion_in_a_type_body_stops_after_the_first_member()
    {
        var raw = "public int Twice(int x)\n    {\n        return x * 2;\n    }\n\n    public int Thrice(int x)\n    {\n        return x * 3;\n    }";
        var cleaned = Clean(raw, "class C\n{\n    |\n}\n", multiLine: true);
        Assert.Equal("public int Twice(int x)\n    {\n        return x * 2;\n    }", cleaned);
    }

    [Fact]
    public void A_truncated_last_line_is_cut_back_to_what_parses_by_the_ranker_not_before_it()
    {
        // Post-processing leaves the block whole (a repair of all of it comes first); the ranker cuts it back.
        var raw = "var a = Compute(1);\n        var b = Compute(a,";
        var textWithCaret = "class C\n{\n    int Compute(int x, int y = 0) => x;\n    void M()\n    {\n        |\n    }\n}\n";
        Assert.Equal(raw, Clean(raw, textWithCaret, multiLine: true));
        var (_, checker) = At(textWithCaret);
        var ranked = CandidateRanker.Rank([(raw, -0.5, false)], checker, useRanking: true, CancellationToken.None);
        Assert.Equal("var a = Compute(1);", Assert.Single(ranked).Text);
    }

    [Fact]
    public void A_get_set_pair_whose_closing_brace_the_token_limit_took_comes_back_whole()
    {
        var textWithCaret = "class C\n{\n    private int _count;\n    public int Count\n    {\n        |\n    }\n}\n";
        var raw = "get { return _count; }\n        set\n        {\n            _count = value;\n";
        var cleaned = Clean(raw, textWithCaret, multiLine: true);
        var (_, checker) = At(textWithCaret);
        var ranked = CandidateRanker.Rank([(cleaned!, -0.5, false)], checker, useRanking: true, CancellationToken.None);
        var only = Assert.Single(ranked);
        Assert.Contains("set", only.Text, StringComparison.Ordinal);
        Assert.Contains("_count = value;", only.Text, StringComparison.Ordinal);
        Assert.Equal(0, checker.NewSyntaxErrors(only.Text));
    }

    [Fact]
    public void Crlf_candidates_and_documents_are_handled_on_lf_and_restored()
    {
        var text = "class C\r\n{\r\n    void M()\r\n    {\r\n        |\r\n        Done();\r\n    }\r\n    void Done() { }\r\n}\r\n";
        var (document, checker) = At(text);
        Assert.Equal("\r\n", document.LineEnding);
        var processed = CandidatePostProcessor.Process("Start();\r\n        Next();\r\n        Done();\r\n", document, multiLine: true);
        Assert.Equal("Start();\n        Next();", processed);
        var refined = CandidatePostProcessor.Refine(processed!, checker, multiLine: true);
        Assert.Equal("Start();\r\n        Next();", document.Restore(refined!));
    }

    [Fact]
    public void Repetition_inside_a_line_is_cut()
    {
        Assert.Equal("a.b", CandidatePostProcessor.DropRepeatedTail("a.b.b.b.b.b"));
        Assert.Equal("x = 1; y = 2;", CandidatePostProcessor.DropRepeatedTail("x = 1; y = 2;"));
        // A long piece, the last repeat cut off by the token limit (g1 on the visible set): whole pieces come off the end
        // (what is left does not bind, and the ranker penalises or repairs it, instead of showing a 200-character loop).
        var loop = "return (this.IsUnrestricted ()" + string.Concat(Enumerable.Repeat(" || this.IsUnrestricted ()", 6)) + " || this.IsUnr";
        Assert.Equal("return (this.IsUnrestricted () || this.IsUnr", CandidatePostProcessor.DropRepeatedTail(loop));
        Assert.Equal("if (a || b)", CandidatePostProcessor.DropRepeatedTail("if (a || b)"));
    }

    [Fact]
    public void The_ranker_penalises_a_candidate_that_does_not_bind_and_rejects_one_that_does_not_parse()
    {
        // Without the name penalty the misspelled first candidate would win (its place outweighs the log-probability).
        var (_, checker) = At("class C\n{\n    int Compute(int x) => x;\n    int M()\n    {\n        return |;\n    }\n}\n");
        var ranked = CandidateRanker.Rank(
            [("Comptue(1)", -0.9, true), ("Compute(1)", -0.2, true), ("Compute(1 +* )", -0.1, true), ("Compute( 1 )", -1.5, false)],
            checker, useRanking: true, CancellationToken.None);

        Assert.Equal(["Compute(1)", "Comptue(1)"], ranked.Select(r => r.Text));
        Assert.Equal(0, ranked[0].NewBindingErrors);
        Assert.Equal(1, ranked[1].NewNameErrors);
        Assert.True(ranked[1].Score < ranked[0].Score);
    }

    [Fact]
    public void A_multi_line_candidate_that_does_not_parse_is_cut_back_to_its_lines_that_do()
    {
        var (_, checker) = At("class C\n{\n    int M(int a, int b)\n    {\n        |\n    }\n}\n");
        var ranked = CandidateRanker.Rank(
            [("var sum = a + b;\n        var product = a * b;\n        if (sum > product +* ) {", -0.5, false)],
            checker, useRanking: true, CancellationToken.None);

        var only = Assert.Single(ranked);
        Assert.Equal("var sum = a + b;\n        var product = a * b;", only.Text);
        Assert.True(only.Truncated);
        Assert.Equal(0, only.NewSyntaxErrors);
        Assert.Equal(-0.5 - CandidateRanker.TruncationPenalty, only.Score, 6);
    }

    [Fact]
    public void A_whole_candidate_that_parses_outranks_a_cut_one_by_the_truncation_penalty()
    {
        // Equal scores but for the truncation penalty: the second candidate's log-probability makes up for its place.
        var (_, checker) = At("class C\n{\n    int M(int a, int b)\n    {\n        |\n    }\n}\n");
        var second = -0.5 + CandidateRanker.OrderPenalty - (CandidateRanker.TruncationPenalty / 2);
        var ranked = CandidateRanker.Rank(
            [("var sum = a + b;\n        return sum +* ;", -0.5, false), ("var total = a + b;\n        return total;", second, false)],
            checker, useRanking: true, CancellationToken.None);

        Assert.Equal(["var total = a + b;\n        return total;", "var sum = a + b;"], ranked.Select(r => r.Text));
    }

    [Fact]
    public void Without_ranking_the_generation_order_is_kept()
    {
        var (_, checker) = At("class C\n{\n    int M()\n    {\n        return |;\n    }\n}\n");
        var ranked = CandidateRanker.Rank([("1 +* 2 )", -3.0, false), ("Missing()", -1.0, true)], checker, useRanking: false, CancellationToken.None);
        Assert.Equal(["1 +* 2 )", "Missing()"], ranked.Select(r => r.Text));
    }

    [Fact]
    public void A_binding_error_already_in_the_document_is_not_held_against_a_candidate()
    {
        var (_, checker) = At("class C\n{\n    int M()\n    {\n        Undefined();\n        return |;\n    }\n}\n");
        var ranked = CandidateRanker.Rank([("1", -1.0, true)], checker, useRanking: true, CancellationToken.None);
        Assert.Equal(0, Assert.Single(ranked).NewBindingErrors);
    }

    [Fact]
    public void In_an_ad_hoc_project_names_from_assemblies_it_lacks_are_not_held_against_a_candidate()
    {
        var (_, checker) = At("using System.Collections.Generic;\nclass C\n{\n    object M(List<int> items)\n    {\n        return |;\n    }\n}\n");
        var ranked = CandidateRanker.Rank(
            [("new System.Windows.Threading.DispatcherTimer()", -1.0, true), ("new DispatcherTimer()", -1.0, true), ("items.Lenght", -1.0, true), ("itemz", -1.0, true)],
            checker, useRanking: true, CancellationToken.None);

        var errors = ranked.ToDictionary(r => r.Text, r => r.NewNameErrors);
        Assert.Equal(0, errors["new System.Windows.Threading.DispatcherTimer()"]); // WPF: not referenced here
        Assert.Equal(0, errors["new DispatcherTimer()"]);
        Assert.Equal(1, errors["items.Lenght"]); // List<int> is complete: the member does not exist
        Assert.Equal(1, errors["itemz"]);
    }

    [Fact]
    public void A_candidate_that_fixes_the_documents_errors_but_adds_its_own_still_adds_an_error()
    {
        // `Console.` alone has two errors (identifier expected, ; expected); `WriteLine(greeting = "Hello";` fixes both
        // and adds `)` expected: counting errors said "none new" and the e2e test showed that line as ghost text
        var (_, checker) = At("class C\n{\n    void M()\n    {\n        var greeting = \"Hello\";\n        System.Console.|\n    }\n}\n");
        Assert.Equal(1, checker.NewSyntaxErrors("WriteLine(greeting = \"Hello\";"));
        Assert.Equal(0, checker.NewSyntaxErrors("WriteLine(greeting);"));
        Assert.Equal(0, checker.NewSyntaxErrors("WriteLine(greeting)")); // the document's own `;` expected stays

        var ranked = CandidateRanker.Rank(
            [("WriteLine(greeting = \"Hello\";", -0.3, false), ("Write(greeting);", -1.2, false)],
            checker, useRanking: true, CancellationToken.None);
        Assert.All(ranked, r => Assert.Equal(0, r.NewSyntaxErrors));
        Assert.DoesNotContain(ranked, r => r.Text == "WriteLine(greeting = \"Hello\";");
    }
}

/// <summary>The bounds that keep one request's Roslyn work small on a document full of errors (the soak test's leak
/// guards failed without them).</summary>
public sealed class SpliceCheckerBoundsTests
{
    private static SpliceChecker CheckerAt(string textWithCaret) => Support.SpliceCheckers.CheckerAt(textWithCaret);

    [Fact]
    public void A_candidates_checks_share_one_spliced_tree_and_repairs_stop_when_the_reparse_budget_is_spent()
    {
        var checker = CheckerAt("class C\n{\n    void M()\n    {\n        var n = |\n    }\n}\n");
        Assert.Same(checker.Splice("1 + 2;"), checker.Splice("1 + 2;"));
        Assert.Equal(0, checker.NewSyntaxErrors("1 + 2;"));

        for (var i = 0; !checker.Exhausted; i++)
        {
            Assert.True(i < SpliceChecker.MaxReparses, "the budget never ran out");
            checker.NewSyntaxErrors($"({i} +");
        }

        // With the budget spent, a broken candidate is neither repaired nor cut, so nothing is shown for it.
        Assert.Empty(CandidateRanker.Rank([("(1 + ", -0.4, false)], checker, useRanking: true, CancellationToken.None));
        Assert.True(checker.NewSyntaxErrors("(1 + ") > 0);
    }

    [Fact]
    public void The_fallback_cuts_a_line_before_its_first_error()
    {
        var checker = CheckerAt("class C\n{\n    void M(System.Collections.Generic.List<int> history)\n    {\n        var n = |\n    }\n}\n");
        var first = checker.FirstNewErrorOffset("history.Count +* / 2");
        Assert.True(first is > 0 and <= 20, $"first new error at {first}");
        Assert.Null(checker.FirstNewErrorOffset("history.Count;"));
        var prefix = CandidateRanker.LongestParsingPrefix(checker, "history.Count +* / 2");
        Assert.NotNull(prefix);
        Assert.StartsWith("history.Count", prefix, StringComparison.Ordinal);
        Assert.Equal(0, checker.NewSyntaxErrors(prefix));
    }
}
