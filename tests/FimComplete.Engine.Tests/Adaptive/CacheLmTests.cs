using FimComplete.Engine.Adaptive;
using FimComplete.Inference;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Models;
using FimComplete.Inference.Onnx;

namespace FimComplete.Engine.Tests.Adaptive;

public sealed class CacheLmTests
{
    private const string Other = """
        namespace Billing;

        public sealed class InvoiceService
        {
            public decimal Close(Invoice invoice)
            {
                var totals = ComputeInvoiceTotals(invoice);
                return totals.Net;
            }

            public decimal Preview(Invoice invoice)
            {
                var totals = ComputeInvoiceTotals(invoice);
                return totals.Gross;
            }

            public void Print(Invoice invoice)
            {
                var totals = ComputeInvoiceTotals(invoice);
                Console.WriteLine(totals);
            }
        }

        """;

    private const string Current = """
        namespace Billing;

        public sealed class Reports
        {
            public decimal Sum(Invoice invoice)
            {
                var totals =
            }
        }

        """;

    [Fact]
    public void A_name_that_recurs_in_the_workspace_becomes_more_likely()
    {
        using var model = FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu));
        var tokenizer = model.Tokenizer;
        var adaptation = new WorkspaceAdaptation(tokenizer, new AdaptiveOptions { UseRetrieval = false });
        adaptation.Update("/ws/InvoiceService.cs", Other);
        var cursor = Current.IndexOf("var totals =", StringComparison.Ordinal) + "var totals =".Length;

        // The token that follows "var totals =" in the other document.
        var otherIds = tokenizer.Encode(Other);
        var context = CacheLmLogitsProcessor.ContextBefore(adaptation.Ngrams!.Segmenter, Current, cursor, 8);
        var target = FollowingToken(otherIds, context);
        Assert.Equal(tokenizer.Encode(" ComputeInvoiceTotals")[0], target);

        var prompt = model.Template.BuildPrompt(FimMode.Psm, model.Template.EncodePrefix(tokenizer, Current[..cursor]), model.Template.EncodeSuffix(tokenizer, Current[cursor..]));
        var plain = FirstStepProbabilities(model, prompt, null);
        var processor = adaptation.CreateCacheLm("/ws/Reports.cs", Current, cursor)!;
        var mixed = FirstStepProbabilities(model, prompt, processor);

        var match = processor.Lookup([]);
        Assert.NotNull(match);
        Assert.True(match.Order >= 4, $"matched {match.Order} tokens");
        Assert.Equal(1.0, match.Probability(target));
        Assert.True(mixed[target] > plain[target] + 0.2, $"p(target) {plain[target]:F4} -> {mixed[target]:F4}");
        Assert.Equal(1, processor.MixedSteps);

        // The mixture is exact: p' = λ·P_cache + (1 − λ)·p for every token.
        var lambda = processor.Options.Lambda(match);
        for (var i = 0; i < plain.Length; i++)
        {
            var expected = (lambda * match.Probability(i)) + ((1 - lambda) * plain[i]);
            Assert.True(Math.Abs(expected - mixed[i]) < 1e-4, $"token {i}: {mixed[i]} vs {expected}");
        }
    }

    [Fact]
    public void Generation_with_the_cache_copies_the_recurring_name()
    {
        using var model = FimModel.Load(TestPaths.Fixture("mha-manifest"), new InferenceOptions(ExecutionProviderKind.Cpu));
        var adaptation = new WorkspaceAdaptation(model.Tokenizer, new AdaptiveOptions { UseRetrieval = false, CacheLm = new CacheLmOptions { LambdaMax = 0.9, Slope = 8 } });
        adaptation.Update("/ws/InvoiceService.cs", Other);
        var cursor = Current.IndexOf("var totals =", StringComparison.Ordinal) + "var totals =".Length;
        var prompt = model.Template.BuildPrompt(FimMode.Psm, model.Template.EncodePrefix(model.Tokenizer, Current[..cursor]), model.Template.EncodeSuffix(model.Tokenizer, Current[cursor..]));
        var processor = adaptation.CreateCacheLm("/ws/Reports.cs", Current, cursor)!;

        var result = model.Generator.Generate(prompt, new GenerationOptions { MaxNewTokens = 40, LogitsProcessor = processor }, CancellationToken.None);

        Assert.StartsWith(" ComputeInvoiceTotals(invoice);", result.Candidates[0].Text, StringComparison.Ordinal);
        Assert.True(processor.Steps >= 8);
        Assert.True(processor.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Without_a_match_the_logits_are_untouched()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var index = new WorkspaceNgramIndex(tokenizer);
        index.Update("a.cs", "class A { }\n");
        var processor = new CacheLmLogitsProcessor(index.Snapshot, tokenizer.Encode("zzqq"), null);
        var logits = Enumerable.Range(0, tokenizer.VocabularySize).Select(i => (float)Math.Sin(i)).ToArray();
        var copy = (float[])logits.Clone();
        processor.Process(new LogitsContext(0, 0, [], string.Empty), logits);
        Assert.Equal(copy, logits);
        Assert.Equal(0, new CacheLmOptions().Lambda(null));
    }

    [Fact]
    public void Lambda_grows_with_match_length_and_confidence()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var index = new WorkspaceNgramIndex(tokenizer);
        index.Update("a.cs", "a = b; a = b; a = b; a = c;\nx = y z; q = y w;\n");
        var matcher = new NgramMatcher(index.Snapshot);
        var options = new CacheLmOptions { LambdaMax = 0.9, Slope = 1, MinOrder = 1 };
        var shortMatch = matcher.Match(tokenizer.Encode(" ="))!;
        var longMatch = matcher.Match(tokenizer.Encode("a = b; a ="))!;
        Assert.True(longMatch.Order > shortMatch.Order);
        Assert.True(options.Lambda(longMatch) > options.Lambda(shortMatch));
        Assert.True(options.Lambda(longMatch) <= 0.9);
        Assert.Equal(0, (options with { MinOrder = 9 }).Lambda(longMatch));
    }

    [Fact]
    public void The_composite_runs_the_cache_before_a_mask()
    {
        var calls = new List<string>();
        var composite = CompositeLogitsProcessor.Combine(new Recorder("cache", calls), null, new Recorder("mask", calls))!;
        composite.Process(new LogitsContext(0, 0, [], string.Empty), new float[4]);
        Assert.Equal(["cache", "mask"], calls);
        Assert.Null(CompositeLogitsProcessor.Combine(null, null));
    }

    private static int FollowingToken(int[] ids, int[] context)
    {
        for (var p = context.Length; p < ids.Length; p++)
        {
            if (ids.AsSpan(p - context.Length, context.Length).SequenceEqual(context)) return ids[p];
        }

        throw new InvalidOperationException("context not found");
    }

    private static double[] FirstStepProbabilities(FimModel model, int[] prompt, ILogitsProcessor? inner)
    {
        var probe = new Probe(inner);
        model.Generator.Generate(prompt, new GenerationOptions { MaxNewTokens = 1, LogitsProcessor = probe }, CancellationToken.None);
        var logits = probe.Logits!;
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    private sealed class Probe(ILogitsProcessor? inner) : ILogitsProcessor
    {
        public float[]? Logits { get; private set; }

        public void Process(LogitsContext context, Span<float> logits)
        {
            inner?.Process(context, logits);
            Logits ??= logits.ToArray();
        }
    }

    private sealed class Recorder(string name, List<string> calls) : ILogitsProcessor
    {
        public void Process(LogitsContext context, Span<float> logits) => calls.Add(name);
    }
}
