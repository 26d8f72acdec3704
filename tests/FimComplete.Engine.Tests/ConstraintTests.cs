using System.Text;
using System.Text.RegularExpressions;
using FimComplete.Engine.Analysis;
using FimComplete.Engine.Api;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Onnx;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

public sealed partial class ConstraintTests(ITestOutputHelper output)
{
    private static readonly Lazy<FimModel> Model = new(() => FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu)));

    private const string Widget = """
        using System;

        public class Widget
        {
            public int Count { get; set; }
            public int CountAll() => Count;
            public string Label { get; set; } = "";
            public void Rotate(double degrees) { }
            public void Resize(int width, int height) { }
            private void Hidden() { }
        }

        public static class Program
        {
            public static void Main()
            {
                var w = new Widget();
                w.|
            }
        }

        """;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [Fact]
    public void Member_names_after_a_dot_come_from_the_receivers_type()
    {
        var (text, cursor) = Caret.Split(Widget);
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument("/tmp/w/Widget.cs", text), cursor, CancellationToken.None);
        var site = MemberAccessSite.Find(analysis.Root, cursor)!;
        Assert.Equal("w", site.Receiver.ToString());
        var names = site.MemberNames(analysis.SemanticModel, completeProject: false, CancellationToken.None);
        Assert.Equal(names, site.MemberNames(analysis.Document, CancellationToken.None).Intersect(names));
        Assert.Contains("Count", names);
        Assert.Contains("Rotate", names);
        Assert.Contains("ToString", names);
        Assert.DoesNotContain("Hidden", names);

        var partial = text.Insert(cursor, "Ro");
        var site2 = MemberAccessSite.Find(CSharpSyntaxTree.ParseText(partial).GetRoot(), cursor + 2)!;
        Assert.Equal("Ro", site2.Partial);
        Assert.Equal(cursor, site2.NameStart);

        Assert.Null(MemberAccessSite.Find(CSharpSyntaxTree.ParseText("class A { double d = 1.| }").GetRoot(), 20));
        var conditional = "class A { void M(string s) { var n = s?.| } }";
        var (ctext, ccursor) = Caret.Split(conditional);
        Assert.Equal("s", MemberAccessSite.Find(CSharpSyntaxTree.ParseText(ctext).GetRoot(), ccursor)!.Receiver.ToString());
    }

    /// <summary>Brute force over the whole vocabulary: the trie allows exactly the tokens after which the text's
    /// leading identifier is still some name's prefix (all identifier so far) or a complete name (something follows).</summary>
    [Theory]
    [InlineData("")]
    [InlineData("Co")]
    [InlineData("Count")]
    [InlineData("Res")]
    public void The_trie_allows_exactly_the_tokens_that_keep_a_member_name_possible(string generated)
    {
        var tokenizer = Model.Value.Tokenizer;
        var vocabulary = VocabularyIndex.For(tokenizer);
        string[] names = ["Count", "CountAll", "Label", "Rotate", "Resize"];
        var stops = Model.Value.Template.StopIds;
        var constraint = new MemberNameConstraint(vocabulary, names, typed: string.Empty, stops);
        var ids = tokenizer.Encode(generated);
        Assert.Equal(generated, tokenizer.Decode(ids));
        var logits = new float[vocabulary.Size];
        constraint.Process(new LogitsContext(0, ids.Length, ids, generated), logits);

        var allowedCount = 0;
        for (var id = 0; id < vocabulary.Size; id++)
        {
            bool expected;
            if (vocabulary.Special.Contains(id))
            {
                expected = stops.Contains(id) && names.Contains(generated);
            }
            else
            {
                var bytes = vocabulary.Bytes[id];
                expected = bytes.Length > 0 && Oracle(generated, bytes, names);
            }

            var allowed = !float.IsNegativeInfinity(logits[id]);
            Assert.True(expected == allowed, $"token {id} '{Encoding.UTF8.GetString(vocabulary.Bytes[id])}' after '{generated}': expected {expected}");
            if (allowed) allowedCount++;
        }

        Assert.True(allowedCount > 0);
    }

    private static bool Oracle(string generated, byte[] token, string[] names)
    {
        var text = Encoding.UTF8.GetBytes(generated).Concat(token).ToArray();
        var run = 0;
        while (run < text.Length && VocabularyIndex.IsIdentifierByte(text[run])) run++;
        var identifier = text[..run];
        if (run == text.Length)
        {
            return names.Any(n => Encoding.UTF8.GetBytes(n).AsSpan().StartsWith(identifier));
        }

        return names.Any(n => Encoding.UTF8.GetBytes(n).AsSpan().SequenceEqual(identifier));
    }

    [Fact]
    public void Once_a_complete_name_is_followed_by_another_character_the_rest_is_free()
    {
        var tokenizer = Model.Value.Tokenizer;
        var constraint = new MemberNameConstraint(VocabularyIndex.For(tokenizer), ["Count"], typed: string.Empty, Model.Value.Template.StopIds);
        var ids = tokenizer.Encode("Count(");
        var logits = new float[tokenizer.VocabularySize];
        constraint.Process(new LogitsContext(0, ids.Length, ids, "Count("), logits);
        Assert.DoesNotContain(logits, float.IsNegativeInfinity);
    }

    [Fact]
    public async Task The_constraint_makes_the_first_identifier_a_real_member()
    {
        var (text, cursor) = Caret.Split(Widget);
        var engine = CompletionPipeline.WithoutAdaptation(Model.Value);
        string[] members = ["Count", "CountAll", "Label", "Rotate", "Resize", "ToString", "GetHashCode", "Equals", "GetType"];
        var baseOptions = new CompletionOptions { UseRanking = false, UseContext = false, LinePolicy = LinePolicy.SingleLine, Candidates = 1, MaxNewTokens = 12 };

        var free = await engine.CompleteAsync(new CompletionRequest("/tmp/w/Widget.cs", text, cursor, baseOptions with { UseConstraint = false }), CancellationToken.None);
        var constrained = await engine.CompleteAsync(new CompletionRequest("/tmp/w/Widget.cs", text, cursor, baseOptions), CancellationToken.None);
        output.WriteLine($"free: {string.Join(" | ", free.Items.Select(i => i.Text))}");
        output.WriteLine($"constrained: {string.Join(" | ", constrained.Items.Select(i => i.Text))}");

        // The raw greedy generation for the same prompt, with and without the trie.
        var preview = constrained.Prompt!;
        var model = Model.Value;
        var prompt = model.Template.BuildPrompt(model.Template.Template.DefaultMode, preview.Window.PrefixIds, preview.Window.SuffixIds);
        var rawFree = model.Generator.Generate(prompt, new GenerationOptions { MaxNewTokens = 12 }, CancellationToken.None).Candidates[0].Text;
        var trie = new MemberNameConstraint(VocabularyIndex.For(model.Tokenizer), preview.MemberNames, string.Empty, model.Template.StopIds);
        var rawConstrained = model.Generator.Generate(prompt, new GenerationOptions { MaxNewTokens = 12, LogitsProcessor = trie }, CancellationToken.None).Candidates[0].Text;
        output.WriteLine($"raw free: {rawFree}");
        output.WriteLine($"raw constrained: {rawConstrained}");
        Assert.DoesNotContain(Identifier().Match(rawFree).Value, preview.MemberNames);
        Assert.Contains(Identifier().Match(rawConstrained).Value, preview.MemberNames);

        Assert.False(free.Timings.Constrained);
        Assert.DoesNotContain(free.Items, i => members.Contains(Identifier().Match(i.Text).Value));
        Assert.True(constrained.Timings.Constrained);
        var item = Assert.Single(constrained.Items);
        Assert.Contains(Identifier().Match(item.Text).Value, members);
    }

    [Fact]
    public async Task A_partly_typed_name_is_completed_to_a_member()
    {
        var (text, cursor) = Caret.Split(Widget.Replace("w.|", "w.Ro|", StringComparison.Ordinal));
        var engine = CompletionPipeline.WithoutAdaptation(Model.Value);
        var options = new CompletionOptions { UseRanking = false, UseContext = false, LinePolicy = LinePolicy.SingleLine, Candidates = 2, MaxNewTokens = 12 };
        var result = await engine.CompleteAsync(new CompletionRequest("/tmp/w/Widget.cs", text, cursor, options), CancellationToken.None);
        output.WriteLine(string.Join(" | ", result.Items.Select(i => i.Text)));
        Assert.True(result.Timings.Constrained);
        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, i => Assert.Equal("Rotate", Identifier().Match("Ro" + i.Text).Value));
    }
}
