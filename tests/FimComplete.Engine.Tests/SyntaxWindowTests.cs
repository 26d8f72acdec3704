using FimComplete.Engine.Prompting;
using FimComplete.Engine.Text;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

public sealed class SyntaxWindowTests(ITestOutputHelper output)
{
    private static readonly Lazy<FimModel> Model = new(() => FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu)));

    private static string File(int methodsBefore, int methodsAfter) =>
        "using System;\nusing System.Collections.Generic;\n\nnamespace Demo.Shop;\n\n/// <summary>Orders.</summary>\n[Serializable]\npublic sealed class OrderBook : IDisposable\n{\n    private readonly List<int> _items = new();\n\n" +
        string.Concat(Enumerable.Range(0, methodsBefore).Select(i => $"    public int M{i}(int a)\n    {{\n        var s = \"\"\"\n            raw {i}\n            \"\"\";\n        return a + {i};\n    }}\n\n")) +
        "    [Obsolete]\n    public int Target(int count, string name)\n    {\n        var total = 0;\n        foreach (var item in _items)\n        {\n            total += item * count;\n            total -= name.Length;\n            total += 1;\n            total += 2;\n            total += 3;\n            total += 4;\n            total += 5;\n            total += 6;\n            if (total > 100)\n            {\n                return |\n            }\n        }\n\n        return total;\n    }\n\n" +
        string.Concat(Enumerable.Range(0, methodsAfter).Select(i => $"    public int N{i}(int a)\n    {{\n        return a - {i};\n    }}\n\n")) +
        "    public void Dispose() { }\n}\n";

    private PromptWindow Build(string textWithCaret, int budget, out NormalizedDocument document)
    {
        var (text, cursor) = Caret.Split(textWithCaret);
        document = NormalizedDocument.Create(text, cursor);
        var builder = new PromptWindowBuilder(Model.Value.Tokenizer, Model.Value.Template);
        var root = CSharpSyntaxTree.ParseText(text).GetRoot();
        return builder.Build(document, budget, root, string.Empty, cursor);
    }

    [Fact]
    public void A_cut_that_falls_in_another_member_moves_to_the_next_member_start()
    {
        var starts = new List<string>();
        for (var budget = 300; budget <= 900; budget += 20)
        {
            var window = Build(File(30, 30), budget, out var document);
            var root = CSharpSyntaxTree.ParseText(document.Text).GetRoot();
            Assert.True(window.PrefixIds.Length + window.SuffixIds.Length <= budget, $"{window.PrefixIds.Length} + {window.SuffixIds.Length} > {budget}");
            Assert.True(SyntaxBoundaries.IsBoundary(root, window.PrefixStart), $"budget {budget}");
            Assert.Equal(window.SkeletonText + document.Text[window.PrefixStart..document.Cursor], window.PrefixText);
            starts.Add(document.Text[window.PrefixStart..].TrimStart().Split('\n')[0]);
            if (window.PrefixText.Contains("    [Obsolete]\n    public int Target(int count, string name)\n", StringComparison.Ordinal))
            {
                output.WriteLine(window.PrefixText + "<CURSOR>");
                Assert.StartsWith("using System;\nusing System.Collections.Generic;\n\nnamespace Demo.Shop;\n", window.SkeletonText);
                Assert.Contains("public sealed class OrderBook : IDisposable\n{\n    " + FileSkeleton.Elision + "\n", window.SkeletonText);
                Assert.DoesNotContain("/// <summary>Orders.</summary>", window.SkeletonText);
            }
        }

        output.WriteLine(string.Join("\n", starts));
        Assert.Contains("[Obsolete]", starts);
        // Bodies of other members are never entered half-way when their end is close: starts are member starts or
        // statements of the cursor's own member.
        Assert.DoesNotContain(starts, s => s.StartsWith("return a + ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cut_inside_the_cursor_member_starts_at_a_statement_and_keeps_its_headers()
    {
        var window = Build(File(30, 30), 300, out var document);
        output.WriteLine(window.PrefixText + "<CURSOR>" + window.SuffixText);

        var root = CSharpSyntaxTree.ParseText(document.Text).GetRoot();
        Assert.True(SyntaxBoundaries.IsBoundary(root, window.PrefixStart), $"cut at {window.PrefixStart}: {document.Text[window.PrefixStart..].Split('\n')[0]}");
        Assert.EndsWith("return ", window.PrefixText);
        var skeleton = window.SkeletonText;
        Assert.Contains("    public int Target(int count, string name)\n    {\n", skeleton);
        Assert.Contains("    {\n        " + FileSkeleton.Elision + "\n        foreach (var item in _items)\n        {\n", skeleton);
        Assert.True(skeleton.IndexOf("foreach", StringComparison.Ordinal) < skeleton.LastIndexOf(FileSkeleton.Elision, StringComparison.Ordinal) || window.PrefixText.Contains("total += item * count;", StringComparison.Ordinal));
        Assert.DoesNotContain("[Obsolete]", skeleton);
        Assert.DoesNotContain("var total = 0;", window.PrefixText);
        Assert.DoesNotContain("raw 3", window.PrefixText);
        Assert.Equal(window.SkeletonText + document.Text[window.PrefixStart..document.Cursor], window.PrefixText);
    }

    [Fact]
    public void A_tight_budget_drops_the_usings_before_the_headers()
    {
        var window = Build(File(30, 30), 200, out _);
        output.WriteLine(window.PrefixText + "<CURSOR>");
        Assert.DoesNotContain("using System;", window.SkeletonText);
        Assert.Contains("    public int Target(int count, string name)\n", window.SkeletonText);
    }

    [Fact]
    public void The_suffix_ends_before_a_unit_or_a_closing_brace()
    {
        var window = Build(File(30, 30), 200, out var document);
        var root = CSharpSyntaxTree.ParseText(document.Text).GetRoot();
        Assert.True(window.SuffixEnd == document.Text.Length || SyntaxBoundaries.IsEnd(root, window.SuffixEnd));
        Assert.StartsWith("\n            }\n", window.SuffixText);
    }

    [Fact]
    public void Cuts_never_land_inside_a_multi_line_string()
    {
        var text = File(30, 0);
        var root = CSharpSyntaxTree.ParseText(text.Replace("|", string.Empty, StringComparison.Ordinal)).GetRoot();
        var rawLine = text.IndexOf("            raw 3", StringComparison.Ordinal);
        Assert.False(SyntaxBoundaries.IsBoundary(root, rawLine));
        Assert.False(SyntaxBoundaries.IsEnd(root, rawLine));
        for (var budget = 60; budget <= 260; budget += 10)
        {
            var window = Build(text, budget, out _);
            Assert.False(window.PrefixText.Contains("raw ", StringComparison.Ordinal) && !window.PrefixText.Contains("var s = \"\"\"", StringComparison.Ordinal), $"budget {budget}");
        }
    }

    [Fact]
    public void A_short_file_goes_in_whole()
    {
        var window = Build("using System;\nclass A\n{\n    void M()\n    {\n        |\n    }\n}\n", 200, out var document);
        Assert.Equal(0, window.PrefixStart);
        Assert.Equal(string.Empty, window.SkeletonText);
        Assert.Equal(document.Text.Length, window.SuffixEnd);
    }

    [Fact]
    public void The_prefix_start_and_skeleton_stay_put_while_typing()
    {
        var (text, cursor) = Caret.Split(File(30, 30));
        var builder = new PromptWindowBuilder(Model.Value.Tokenizer, Model.Value.Template);
        var starts = new HashSet<(int, string)>();
        var typed = "total * 2 + Compute(count, name.Length)";
        for (var i = 0; i <= typed.Length; i++)
        {
            var edited = text.Insert(cursor, typed[..i]);
            var window = builder.Build(NormalizedDocument.Create(edited, cursor + i), 200, CSharpSyntaxTree.ParseText(edited).GetRoot(), string.Empty, cursor + i);
            starts.Add((window.PrefixStart, window.SkeletonText));
        }

        Assert.True(starts.Count <= 2, $"prefix start or skeleton moved {starts.Count - 1} times");
    }

    [Fact]
    public void The_context_block_goes_first_and_counts_against_the_budget()
    {
        var (text, cursor) = Caret.Split(File(30, 30));
        var builder = new PromptWindowBuilder(Model.Value.Tokenizer, Model.Value.Template);
        var context = "// Models/Order.cs\npublic class Order\n{\n    public int Id { get; set; }\n}\n";
        var window = builder.Build(NormalizedDocument.Create(text, cursor), 200, CSharpSyntaxTree.ParseText(text).GetRoot(), context, cursor);
        Assert.StartsWith(context, window.PrefixText);
        Assert.True(window.PrefixIds.Length + window.SuffixIds.Length <= 200);
    }
}
