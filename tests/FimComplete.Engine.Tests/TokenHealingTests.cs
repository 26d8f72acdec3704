using System.Text;
using FimComplete.Engine.Api;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.Hosting;
using FimComplete.Inference;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Onnx;

namespace FimComplete.Engine.Tests;

public sealed class TokenHealingTests
{
    private static readonly Lazy<FimModel> Fixture = new(() => FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu)));

    [Fact]
    public void Until_the_healed_text_is_written_only_tokens_that_fit_it_are_allowed()
    {
        var vocabulary = VocabularyIndex.For(Fixture.Value.Tokenizer);
        var constraint = new HealedTextConstraint(vocabulary, "        ");
        var logits = new float[vocabulary.Size];
        constraint.Process(new LogitsContext(0, 0, [], string.Empty), logits);

        var allowed = Enumerable.Range(0, logits.Length).Where(i => !float.IsNegativeInfinity(logits[i])).ToList();
        Assert.NotEmpty(allowed);
        Assert.All(allowed, id =>
        {
            var text = Encoding.UTF8.GetString(vocabulary.Bytes[id]);
            Assert.True(text.StartsWith("        ", StringComparison.Ordinal) || "        ".StartsWith(text, StringComparison.Ordinal), $"token {id} '{text}'");
        });
        Assert.All(Fixture.Value.Template.StopIds, id => Assert.True(float.IsNegativeInfinity(logits[id])));

        // Once tokens covering the healed text are written, the generation is free.
        var spaces = Fixture.Value.Tokenizer.Encode("        ");
        var free = new float[vocabulary.Size];
        constraint.Process(new LogitsContext(0, spaces.Length, spaces, "        "), free);
        Assert.DoesNotContain(free, float.IsNegativeInfinity);
    }

    [Fact]
    public async Task The_prompt_ends_before_the_whitespace_at_the_cursor_and_items_do_not_repeat_it()
    {
        var engine = CompletionPipeline.WithoutAdaptation(Fixture.Value);
        var text = "public class A\n{\n    public int M(int value)\n    {\n        var x = \n    }\n}\n";
        var cursor = text.IndexOf("var x = ", StringComparison.Ordinal) + 8;
        var options = new CompletionOptions { LinePolicy = LinePolicy.SingleLine, UseRanking = false, Candidates = 2, MaxNewTokens = 8 };
        var request = new CompletionRequest("a.cs", text, cursor, options);

        var healed = (await engine.CompleteAsync(request, CancellationToken.None)).Prompt!;
        Assert.EndsWith("var x =", healed.Window.PrefixText, StringComparison.Ordinal);
        var plain = (await engine.CompleteAsync(request with { Options = options with { UseTokenHealing = false } }, CancellationToken.None)).Prompt!;
        Assert.EndsWith("var x = ", plain.Window.PrefixText, StringComparison.Ordinal);

        var result = await engine.CompleteAsync(request, CancellationToken.None);
        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, item => Assert.False(item.Text.Length > 0 && char.IsWhiteSpace(item.Text[0]), $"'{item.Text}' starts with whitespace the document already has"));
    }
}
