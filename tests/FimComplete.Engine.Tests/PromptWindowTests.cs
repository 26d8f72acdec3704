using FimComplete.Engine.Prompting;
using FimComplete.Engine.Text;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;

namespace FimComplete.Engine.Tests;

public sealed class PromptWindowTests
{
    private static readonly Lazy<FimModel> Model = new(() => FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu)));

    private static string LongFile(int methods) =>
        "using System;\n\nnamespace Demo;\n\npublic class Big\n{\n" +
        string.Concat(Enumerable.Range(0, methods).Select(i => $"    public int M{i}(int a)\n    {{\n        return a + {i};\n    }}\n\n")) +
        "}\n";

    [Fact]
    public void Windows_fit_the_budget_and_cut_on_line_boundaries()
    {
        var text = LongFile(60);
        var cursor = text.IndexOf("return a + 30", StringComparison.Ordinal) + "return ".Length;
        var builder = new PromptWindowBuilder(Model.Value.Tokenizer, Model.Value.Template);
        var window = builder.Build(NormalizedDocument.Create(text, cursor), tokenBudget: 200);

        Assert.True(window.PrefixIds.Length + window.SuffixIds.Length <= 200, $"{window.PrefixIds.Length} + {window.SuffixIds.Length}");
        Assert.True(window.PrefixIds.Length > window.SuffixIds.Length, $"{window.PrefixIds.Length} vs {window.SuffixIds.Length}");
        Assert.True(window.PrefixStart == 0 || text[window.PrefixStart - 1] == '\n');
        Assert.EndsWith("return ", window.PrefixText);
        Assert.StartsWith("a + 30;", window.SuffixText);
        Assert.True(window.SuffixEnd == text.Length || text[window.SuffixEnd - 1] == '\n');
    }

    [Fact]
    public void The_prefix_start_stays_put_while_typing()
    {
        var text = LongFile(60);
        var cursor = text.IndexOf("return a + 30", StringComparison.Ordinal) + "return ".Length;
        var builder = new PromptWindowBuilder(Model.Value.Tokenizer, Model.Value.Template);
        var starts = new HashSet<int>();
        var typed = "a * 2 + Compute(a)";
        for (var i = 0; i <= typed.Length; i++)
        {
            var edited = text.Insert(cursor, typed[..i]);
            starts.Add(builder.Build(NormalizedDocument.Create(edited, cursor + i), tokenBudget: 200).PrefixStart);
        }

        Assert.True(starts.Count <= 2, $"prefix start moved {starts.Count - 1} times");
    }
}
