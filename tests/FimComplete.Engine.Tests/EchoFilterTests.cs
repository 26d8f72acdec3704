using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Text;

namespace FimComplete.Engine.Tests;

public sealed class EchoFilterTests
{
    private static NormalizedDocument At(string textWithCaret)
    {
        var (text, cursor) = Caret.Split(textWithCaret);
        return NormalizedDocument.Create(text, cursor);
    }

    [Fact]
    public void A_single_line_that_copies_the_line_below_is_dropped()
    {
        // `_logger.Log|` completed with a copy of the next line (seen in VS Code, issue 25).
        var doc = At("void M()\n{\n    _logger.Log|\n    _logger.LogInformation(\"Creating order {Id}\", order.Id);\n}\n");
        Assert.Null(CandidatePostProcessor.Process("Information(\"Creating order {Id}\", order.Id);", doc, multiLine: false));
        Assert.Equal("Debug(\"Validating order\");", CandidatePostProcessor.Process("Debug(\"Validating order\");", doc, multiLine: false));
    }

    [Fact]
    public void A_single_line_that_copies_the_line_above_is_dropped()
    {
        var doc = At("void M()\n{\n    total += item.Price * item.Quantity;\n    |\n}\n");
        Assert.Null(CandidatePostProcessor.Process("total += item.Price * item.Quantity;", doc, multiLine: false));
        Assert.Equal("count += item.Quantity;", CandidatePostProcessor.Process("count += item.Quantity;", doc, multiLine: false));
    }

    [Fact]
    public void The_start_of_the_suffix_written_again_is_dropped()
    {
        // `new Address(` completed with the next line's argument list.
        var doc = At("var address = new Address(|\n    message.Street, message.City, message.Country);\n");
        Assert.Null(CandidatePostProcessor.Process("message.Street, message.City", doc, multiLine: false));
        Assert.Equal("message.ZipCode,", CandidatePostProcessor.Process("message.ZipCode,", doc, multiLine: false));
    }

    [Fact]
    public void Short_lines_may_repeat()
    {
        var doc = At("void M()\n{\n    i++;\n    |\n}\n");
        Assert.Equal("i++;", CandidatePostProcessor.Process("i++;", doc, multiLine: false));
    }

    [Fact]
    public void A_multi_line_suggestion_that_starts_with_the_line_above_is_dropped_and_one_running_into_the_suffix_is_cut()
    {
        var doc = At("void M()\n{\n    // make sure that constraints hold\n    |\n    Validate(order);\n}\n");
        Assert.Null(CandidatePostProcessor.Process("// make sure that constraints hold\n    Check(order);", doc, multiLine: true));
        Assert.Equal("Check(order);\n    Save(order);",
            CandidatePostProcessor.Process("Check(order);\n    Save(order);\n    Validate(order);\n    Publish(order);", doc, multiLine: true));
    }

    [Fact]
    public void A_multi_line_suggestion_stopped_by_the_token_limit_does_not_end_mid_word()
    {
        Assert.Equal("Check(order);", EchoFilter.CutUnfinishedEnd("Check(order);\n    // make sure that cons"));
        Assert.Equal("// make sure that", EchoFilter.CutUnfinishedEnd("// make sure that cons"));
        Assert.Equal("Check(order);\n    Save(", EchoFilter.CutUnfinishedEnd("Check(order);\n    Save("));
    }
}
