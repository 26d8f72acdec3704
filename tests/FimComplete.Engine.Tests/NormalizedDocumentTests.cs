using FimComplete.Engine.Text;

namespace FimComplete.Engine.Tests;

public sealed class NormalizedDocumentTests
{
    [Fact]
    public void Crlf_is_normalised_and_the_cursor_mapped()
    {
        var text = "class A\r\n{\r\n\tint x = \r\n}\r\n";
        var cursor = text.IndexOf("= ", StringComparison.Ordinal) + 2;
        var doc = NormalizedDocument.Create(text, cursor);
        Assert.Equal("class A\n{\n\tint x = \n}\n", doc.Text);
        Assert.Equal("\tint x = ", doc.LinePrefix);
        Assert.Equal(string.Empty, doc.LineSuffix);
        Assert.Equal("\r\n", doc.LineEnding);
        Assert.Equal("a\r\nb", doc.Restore("a\nb"));
    }

    [Fact]
    public void Lf_documents_are_left_alone()
    {
        var doc = NormalizedDocument.Create("a\nb", 2);
        Assert.Equal("\n", doc.LineEnding);
        Assert.Equal("x\ny", doc.Restore("x\ny"));
        Assert.Equal(2, doc.Cursor);
    }

    [Fact]
    public void Cursor_between_cr_and_lf_lands_after_the_break()
    {
        var doc = NormalizedDocument.Create("ab\r\ncd", 3);
        Assert.Equal(3, doc.Cursor);
        Assert.Equal("cd", doc.Suffix);
    }

    [Fact]
    public void Out_of_range_cursor_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalizedDocument.Create("abc", 4));
    }
}
