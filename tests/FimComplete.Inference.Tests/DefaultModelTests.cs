using FimComplete.Inference.Generation;
using FimComplete.Inference.Models;
using FimComplete.Inference.Onnx;

namespace FimComplete.Inference.Tests;

/// <summary>The shipped model (models/default) completes real held-out C#.</summary>
public sealed class DefaultModelTests
{
    [Fact]
    public void The_default_model_completes_a_line_of_a_test_split_file()
    {
        using var model = FimModel.Load(TestPaths.DefaultModel, new InferenceOptions(ExecutionProviderKind.Cpu));
        Assert.Equal(FimMode.Spm, model.Template.Template.DefaultMode);

        // A held-out file of the visible evaluation set (mono test split, never trained on); cursor after "return ".
        var folder = Path.Combine(TestPaths.RepoRoot, "tests", "eval", "visible", "src");
        var (text, cursor) = Directory.EnumerateFiles(folder, "*.cs").Order(StringComparer.Ordinal)
            .Select(f => File.ReadAllText(f).Replace("\r\n", "\n", StringComparison.Ordinal))
            .Select(t => (Text: t, At: t.IndexOf("return ", StringComparison.Ordinal)))
            .First(x => x.At > 200);
        cursor += "return ".Length;
        var lineEnd = text.IndexOf('\n', cursor);
        var prefix = text[Math.Max(0, cursor - 1200)..cursor];
        var suffix = text[lineEnd..Math.Min(text.Length, lineEnd + 400)];
        var prompt = model.Template.BuildPrompt(FimMode.Spm, model.Template.EncodePrefix(model.Tokenizer, prefix), model.Template.EncodeSuffix(model.Tokenizer, suffix));

        var result = model.Generator.Generate(prompt, new GenerationOptions { MaxNewTokens = 32, MaxLines = 1, Candidates = 2 }, CancellationToken.None);

        Assert.Equal(2, result.Candidates.Count);
        Assert.Contains(result.Candidates, c => c.Text.Trim().Length > 0);
        Assert.All(result.Candidates, c => Assert.DoesNotContain('\n', c.Text));
    }
}
