using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Text;

namespace FimComplete.Engine.Tests;

public sealed class IndentationStyleTests
{
    private const string Spaces = "class A\n{\n    void M()\n    {\n        if (x)\n        {\n            \n        }\n    }\n}\n";
    private const string Tabs = "class A\n{\n\tvoid M()\n\t{\n\t\tif (x)\n\t\t{\n\t\t\t\n\t\t}\n\t}\n}\n";

    [Fact]
    public void The_dominant_style_is_detected_and_a_mixed_file_has_none()
    {
        Assert.Equal(new IndentationStyle(false, 4), IndentationStyle.Detect(Spaces));
        Assert.Equal(new IndentationStyle(true, 4), IndentationStyle.Detect(Tabs));
        Assert.Equal(new IndentationStyle(false, 2), IndentationStyle.Detect("class A\n{\n  void M()\n  {\n    x();\n  }\n}\n"));
        Assert.Null(IndentationStyle.Detect("class A\n{\n\tvoid M()\n    {\n\t\tx();\n        y();\n    }\n}\n"));
        Assert.Null(IndentationStyle.Detect("class A {}\n"));
    }

    [Fact]
    public void A_tab_indented_completion_in_a_space_indented_file_is_reindented_and_back()
    {
        var spaces = new IndentationStyle(false, 4);
        Assert.Equal("if (y)\n            {\n                Run();\n            }", spaces.Apply("if (y)\n\t\t\t{\n\t\t\t\tRun();\n\t\t\t}", atLineStart: false));
        var tabs = new IndentationStyle(true, 4);
        Assert.Equal("if (y)\n\t\t\t{\n\t\t\t\tRun();\n\t\t\t}", tabs.Apply("if (y)\n            {\n                Run();\n            }", atLineStart: false));
        Assert.Equal("\tx();\n\t  y;", tabs.Apply("    x();\n      y;", atLineStart: true));
    }

    [Fact]
    public void The_post_processor_indents_a_multi_line_candidate_like_its_document()
    {
        var cursor = Spaces.IndexOf("            \n", StringComparison.Ordinal) + 12;
        var document = NormalizedDocument.Create(Spaces, cursor);
        var text = CandidatePostProcessor.Process("Run();\n\t\t\tStop();", document, multiLine: true);
        Assert.Equal("Run();\n            Stop();", text);
    }

    [Fact]
    public void A_candidate_of_bare_comment_markers_is_dropped()
    {
        var cursor = Spaces.IndexOf("            \n", StringComparison.Ordinal) + 12;
        var document = NormalizedDocument.Create(Spaces, cursor);
        Assert.Null(CandidatePostProcessor.Process("//\n        ///", document, multiLine: true));
        Assert.Null(CandidatePostProcessor.Process("//", document, multiLine: false));
        Assert.Equal("// stop here", CandidatePostProcessor.Process("// stop here", document, multiLine: false));
    }
}
