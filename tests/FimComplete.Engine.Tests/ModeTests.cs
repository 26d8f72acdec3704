using FimComplete.Engine.Api;
using FimComplete.Engine.Prompting;
using FimComplete.Engine.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace FimComplete.Engine.Tests;

public sealed class ModeTests
{
    private static bool Multi(string textWithCaret)
    {
        var (text, cursor) = Caret.Split(textWithCaret);
        return CompletionModeDetector.IsMultiLine(NormalizedDocument.Create(text, cursor), LinePolicy.Auto, CSharpSyntaxTree.ParseText(text).GetRoot());
    }

    [Theory]
    [InlineData("class A { void M() { var x = Foo(|); } }")]
    [InlineData("class A { void M() { var x = |Foo(); } }")]
    [InlineData("class A { void M() { var x = | } }")]
    [InlineData("class A\n{\n    void M()\n    {\n        var x = new Order\n        {\n            |\n        };\n    }\n}\n")]
    [InlineData("class A\n{\n    void M()\n    {\n        Call(\n            a,\n            |\n        );\n    }\n}\n")]
    [InlineData("enum E\n{\n    A,\n    |\n}\n")]
    [InlineData("using System;\n|\nusing System.Linq;\nclass A {}\n")]
    [InlineData("class A\n{\n    int P\n    {\n        get;\n        |\n    }\n}\n")]
    public void Single_line(string text) => Assert.False(Multi(text));

    [Theory]
    [InlineData("class A\n{\n    int x;\n    |\n    {\n        x = 1;\n    }\n}\n")]
    [InlineData("class A\n{\n    int x;\n    public void Reset()|\n    {\n        x = 1;\n    }\n}\n")]
    [InlineData("class A\n{\n    void M()\n    {\n        Use(1);\n        |\n        {\n            Name = \"a\",\n        };\n    }\n}\n")]
    [InlineData("class A\r\n{\r\n\tint x;\r\n\t|\r\n\t{\r\n\t\tx = 1;\r\n\t}\r\n}\r\n")]
    public void The_header_of_a_body_that_is_already_there_is_one_line(string text) => Assert.False(Multi(text));

    [Fact]
    public void Inside_an_inactive_if_region_the_mode_comes_from_the_text()
    {
        Assert.False(Multi("class A\n{\n    void M(object s)\n    {\n#if NEVER_DEFINED\n        if (s != null && s.Attr|\n            Throw();\n#endif\n    }\n}\n"));
        Assert.True(Multi("class A\n{\n    void M(object s)\n    {\n#if NEVER_DEFINED\n        |\n#endif\n    }\n}\n"));
    }

    [Theory]
    [InlineData("class A\n{\n    void M()\n    {\n        |\n    }\n}\n")]
    [InlineData("class A\n{\n    void M()\n    {\n        var x = 1;\n        |\n    }\n}\n")]
    [InlineData("class A\n{\n    void M()\n    {\n        var x = 1;\n        |\n        Use(x);\n    }\n}\n")]
    [InlineData("class A\n{\n    int M()\n    |\n}\n")]
    [InlineData("class A\n{\n    void M() {|\n    }\n}\n")]
    [InlineData("class A\n{\n    void M()\n    {\n        if (x > 1)|\n    }\n}\n")]
    [InlineData("class A\n{\n    int x;\n\n    |\n}\n")]
    [InlineData("class A\n{\n    void M(int k)\n    {\n        switch (k)\n        {\n            case 1:\n                |\n        }\n    }\n}\n")]
    [InlineData("class A\n{\n    [Fact]\n    |\n}\n")]
    [InlineData("class A\n{\n    int P\n    {\n        |\n    }\n}\n")]
    public void Multi_line(string text) => Assert.True(Multi(text));

    [Fact]
    public void Closers_after_the_cursor_do_not_make_the_line_mid_line()
    {
        Assert.True(Multi("class A\n{\n    void M() {|}\n}\n"));
    }

    [Fact]
    public void An_explicit_policy_wins()
    {
        var document = NormalizedDocument.Create("class A { }", 9);
        Assert.True(CompletionModeDetector.IsMultiLine(document, LinePolicy.MultiLine, null));
        Assert.False(CompletionModeDetector.IsMultiLine(document, LinePolicy.SingleLine, null));
    }
}
