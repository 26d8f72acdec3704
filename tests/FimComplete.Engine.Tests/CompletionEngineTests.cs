using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;

namespace FimComplete.Engine.Tests;

public sealed class CompletionEngineTests
{
    [Fact]
    public async Task Crlf_documents_get_crlf_completions_identical_to_lf_ones()
    {
        using var model = FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu));
        var engine = CompletionPipeline.WithoutAdaptation(model);
        var lf = "public class A\n{\n    public void M()\n    {\n        \n    }\n}\n";
        var cursor = lf.IndexOf("        \n", StringComparison.Ordinal) + 8;
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);
        var crlfCursor = cursor + lf[..cursor].Count(c => c == '\n');
        var options = new CompletionOptions { LinePolicy = LinePolicy.MultiLine, UseRanking = false, MaxNewTokens = 24, Candidates = 2 };

        var lfResult = await engine.CompleteAsync(new CompletionRequest("a.cs", lf, cursor, options), CancellationToken.None);
        var crlfResult = await engine.CompleteAsync(new CompletionRequest("a.cs", crlf, crlfCursor, options), CancellationToken.None);

        Assert.Equal(lfResult.Items.Select(i => i.Text.Replace("\n", "\r\n", StringComparison.Ordinal)), crlfResult.Items.Select(i => i.Text));
        Assert.All(crlfResult.Items, i => Assert.DoesNotContain("\n", i.Text.Replace("\r\n", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Accepted_prefix_is_part_of_every_item()
    {
        using var model = FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu));
        var engine = CompletionPipeline.WithoutAdaptation(model);
        var text = "class A { void M() { Console. } }";
        var cursor = text.IndexOf("Console.", StringComparison.Ordinal) + 8;
        var request = new CompletionRequest("a.cs", text, cursor, new CompletionOptions { UseRanking = false, LinePolicy = LinePolicy.SingleLine }) { AcceptedPrefix = "WriteLine" };
        var result = await engine.CompleteAsync(request, CancellationToken.None);
        Assert.All(result.Items, i => Assert.StartsWith("WriteLine", i.Text));
    }

    [Fact]
    public async Task Single_line_mode_caps_each_candidate_at_the_single_line_token_limit()
    {
        using var model = FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu));
        var engine = CompletionPipeline.WithoutAdaptation(model);
        var text = "public class A\n{\n    public void M()\n    {\n        var x = \n    }\n}\n";
        var cursor = text.IndexOf("var x = ", StringComparison.Ordinal) + 8;
        var single = new CompletionOptions { LinePolicy = LinePolicy.SingleLine, UseRanking = false, MaxNewTokens = 40, SingleLineMaxNewTokens = 5, Candidates = 2 };
        var multi = single with { LinePolicy = LinePolicy.MultiLine };

        var singleResult = await engine.CompleteAsync(new CompletionRequest("a.cs", text, cursor, single), CancellationToken.None);
        var multiResult = await engine.CompleteAsync(new CompletionRequest("a.cs", text, cursor, multi), CancellationToken.None);

        Assert.False(singleResult.Timings.MultiLine);
        Assert.InRange(singleResult.Timings.GeneratedTokens, 1, 2 * 5);
        Assert.InRange(singleResult.Timings.DecodeSteps, 0, 5);
        Assert.True(multiResult.Timings.MultiLine);
        Assert.True(multiResult.Timings.GeneratedTokens > 2 * 5, $"multi-line generated {multiResult.Timings.GeneratedTokens} tokens: the single-line cap must not apply");
    }

    [Fact]
    public async Task A_cursor_outside_the_document_is_a_clear_error()
    {
        using var model = FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu));
        var engine = CompletionPipeline.WithoutAdaptation(model);
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => engine.CompleteAsync(new CompletionRequest("a.cs", "abc", 10, new CompletionOptions()), CancellationToken.None));
        Assert.Contains("outside the document", ex.Message);
    }
}
