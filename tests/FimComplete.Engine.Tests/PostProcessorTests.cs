using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Text;

namespace FimComplete.Engine.Tests;

public sealed class PostProcessorTests
{
    private static NormalizedDocument At(string textWithCaret)
    {
        var cursor = textWithCaret.IndexOf('|', StringComparison.Ordinal);
        return NormalizedDocument.Create(textWithCaret.Remove(cursor, 1), cursor);
    }

    [Fact]
    public void Single_line_stops_at_the_line_end()
    {
        var doc = At("var x = |\nnext();");
        Assert.Equal("Compute();", CandidatePostProcessor.Process("Compute();\nnext();", doc, multiLine: false));
    }

    [Fact]
    public void Rest_of_line_repeated_by_the_model_is_dropped()
    {
        var doc = At("Console.WriteLine(|);");
        Assert.Equal("\"hi\"", CandidatePostProcessor.Process("\"hi\");", doc, multiLine: false));
    }

    [Fact]
    public void A_doubled_closing_bracket_is_dropped()
    {
        var doc = At("Foo(Bar(|);");
        Assert.Equal("x)", CandidatePostProcessor.Process("x))", doc, multiLine: false));
    }

    [Fact]
    public void Multi_line_does_not_close_the_enclosing_block()
    {
        var doc = At("void M()\n{\n    |\n}\n");
        var raw = "var a = 1;\n    return a;\n}\n\nvoid N()\n{";
        Assert.Equal("var a = 1;\n    return a;", CandidatePostProcessor.Process(raw, doc, multiLine: true));
    }

    [Fact]
    public void Multi_line_drops_lines_that_repeat_the_suffix()
    {
        var doc = At("void M()\n{\n    |\n    Done();\n}\n");
        Assert.Equal("Start();", CandidatePostProcessor.Process("Start();\n    Done();", doc, multiLine: true));
    }

    [Fact]
    public void Repetition_loops_are_cut()
    {
        var doc = At("void M()\n{\n    |\n}\n");
        Assert.Equal("x++;", CandidatePostProcessor.Process("x++;\nx++;\nx++;\nx++;", doc, multiLine: true));
    }

    [Fact]
    public void Whitespace_only_candidates_are_dropped()
    {
        var doc = At("int x = |;");
        Assert.Null(CandidatePostProcessor.Process("   \t", doc, multiLine: false));
        Assert.Null(CandidatePostProcessor.Process("\nfoo", doc, multiLine: false));
    }

    [Fact]
    public void On_a_blank_lines_indentation_the_code_starts_at_the_cursor()
    {
        var doc = At("void M()\n{\n    |\n}\n");
        Assert.Equal("var a = 1;\n    return a;", CandidatePostProcessor.Process("\n\n    var a = 1;\n    return a;", doc, multiLine: true));
    }

    [Fact]
    public void A_looping_line_in_a_block_is_cut()
    {
        var doc = At("void M()\n{\n    |\n}\n");
        Assert.Equal("Check(0, 0", CandidatePostProcessor.Process("Check(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0", doc, multiLine: true));
    }
}
