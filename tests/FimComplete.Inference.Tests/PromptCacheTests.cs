using FimComplete.Inference.Generation;
using FimComplete.Inference.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FimComplete.Inference.Tests;

public sealed class PromptCacheTests
{
    [Fact]
    public void Extending_the_prompt_runs_only_the_new_tokens_and_matches_a_cold_run()
    {
        var folder = TestPaths.Fixture("mha-manifest");
        using var model = FimModel.Load(folder, new InferenceOptions(ExecutionProviderKind.Cpu));
        var tokenizer = model.Tokenizer;
        var template = model.Template;
        var suffix = template.EncodeSuffix(tokenizer, "\n    }\n}\n");
        const string prefixText = "public class Greeter\n{\n    public string Greet(string name)\n    {\n        return ";

        var p = template.BuildPrompt(Models.FimMode.Spm, template.EncodePrefix(tokenizer, prefixText), suffix);
        var p2 = template.BuildPrompt(Models.FimMode.Spm, template.EncodePrefix(tokenizer, prefixText + "x"), suffix);
        var options = new GenerationOptions { MaxNewTokens = 4 };

        var first = model.Generator.Generate(p, options, CancellationToken.None);
        Assert.Equal(p.Length, first.EvaluatedPromptTokens);

        var common = p.Zip(p2).TakeWhile(pair => pair.First == pair.Second).Count();
        var warm = model.Generator.Generate(p2, options, CancellationToken.None);
        Assert.Equal(p2.Length - common, warm.EvaluatedPromptTokens);
        Assert.True(warm.EvaluatedPromptTokens <= 2, $"evaluated {warm.EvaluatedPromptTokens} tokens");
        Assert.Equal(common, warm.ReusedPromptTokens);

        // Same logits as a cold run of p2.
        using var runOptions = new RunOptions();
        using var empty = model.Session.EmptyCache(1);
        var cold = model.Session.Run([p2], empty, runOptions);
        cold.Present.Dispose();
        model.Generator.ClearCache();
        var coldResult = model.Generator.Generate(p2, options, CancellationToken.None);
        Assert.Equal(p2.Length, coldResult.EvaluatedPromptTokens);
        Assert.Equal(coldResult.Candidates[0].TokenIds, warm.Candidates[0].TokenIds);
        Assert.Equal(coldResult.Candidates[0].SumLogProb, warm.Candidates[0].SumLogProb, 4);

        // A prompt that diverges mid-way reuses the common prefix (truncating the cache) and still matches.
        var p3 = template.BuildPrompt(Models.FimMode.Spm, template.EncodePrefix(tokenizer, prefixText[..^10]), suffix);
        var warm3 = model.Generator.Generate(p3, options, CancellationToken.None);
        Assert.True(warm3.ReusedPromptTokens > 0);
        model.Generator.ClearCache();
        var cold3 = model.Generator.Generate(p3, options, CancellationToken.None);
        Assert.Equal(cold3.Candidates[0].TokenIds, warm3.Candidates[0].TokenIds);

        // The identical prompt again costs nothing.
        var again = model.Generator.Generate(p3, options, CancellationToken.None);
        Assert.Equal(0, again.EvaluatedPromptTokens);
    }
}
