using FimComplete.Engine.Adaptive;
using FimComplete.Inference.Generation;

namespace FimComplete.Engine.Tests.Adaptive;

/// <summary>The gates that keep workspace adaptation from hurting: the cache LM's position gates and per-workspace
/// calibration, retrieval's similarity floor.</summary>
public sealed class GateTests
{
    [Theory]
    [InlineData("var s = \"abc", true)]
    [InlineData("var s = \"abc\";", false)]
    [InlineData("var s = \"a\\\"b", true)]
    [InlineData("var s = @\"C:\\dir\\", true)]
    [InlineData("var s = @\"say \"\"hi\"\" ", true)]
    [InlineData("var s = @\"say \"\"hi\"\"\";", false)]
    [InlineData("var c = '\\'';", false)]
    [InlineData("var c = 'x", true)]
    [InlineData("x = 1; // note", true)]
    [InlineData("x = 1; /* a */ y", false)]
    [InlineData("x = 1; /* a", true)]
    [InlineData("var s = $\"{a}\" + b", false)]
    [InlineData("", false)]
    public void The_literal_scanner_sees_where_a_line_ends(string line, bool inLiteral) =>
        Assert.Equal(inLiteral, LiteralScanner.EndsInLiteral(line));

    [Fact]
    public void Position_gates_and_the_workspace_weight_scale_lambda()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var index = new WorkspaceNgramIndex(tokenizer);
        index.Update("a.cs", "a = b; a = b; a = b; a = c;\n");
        var match = new NgramMatcher(index.Snapshot).Match(tokenizer.Encode("a = b; a ="))!;
        var options = new CacheLmOptions { MinOrder = 1, BlockLineMinOrder = match.Order + 1, LiteralMinOrder = match.Order + 1 };
        var open = options.GatedLambda(match, pastFirstLine: false, inLiteral: false);

        Assert.True(open > 0);
        Assert.Equal(options.Lambda(match), open);
        Assert.Equal(0, options.GatedLambda(match, pastFirstLine: true, inLiteral: false));
        Assert.Equal(0, options.GatedLambda(match, pastFirstLine: false, inLiteral: true));
        Assert.Equal(open / 2, options.GatedLambda(match, false, false, workspaceWeight: 0.5), 9);
        Assert.Equal(0, options.GatedLambda(match, false, false, workspaceWeight: 0));
        // A long enough match passes both gates.
        var relaxed = options with { BlockLineMinOrder = match.Order, LiteralMinOrder = match.Order };
        Assert.Equal(open, relaxed.GatedLambda(match, pastFirstLine: true, inLiteral: true));
    }

    [Fact]
    public void Past_the_first_line_a_short_match_leaves_the_logits_alone()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var index = new WorkspaceNgramIndex(tokenizer);
        index.Update("a.cs", "a = b; a = b; a = b; a = c;\n");
        var options = new CacheLmOptions { MinOrder = 1, BlockLineMinOrder = 9 };
        var processor = new CacheLmLogitsProcessor(index.Snapshot, tokenizer.Encode("a = b; a ="), null, options);
        var logits = Enumerable.Range(0, tokenizer.VocabularySize).Select(i => (float)Math.Sin(i)).ToArray();

        var onSecondLine = (float[])logits.Clone();
        processor.Process(new LogitsContext(0, 1, [], "x;\n"), onSecondLine);
        Assert.Equal(logits, onSecondLine);
        Assert.Equal(0, processor.MixedSteps);

        var onFirstLine = (float[])logits.Clone();
        processor.Process(new LogitsContext(0, 0, [], string.Empty), onFirstLine);
        Assert.NotEqual(logits, onFirstLine);
        Assert.Equal(1, processor.MixedSteps);
    }

    [Fact]
    public void Inside_a_string_a_short_match_leaves_the_logits_alone()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var index = new WorkspaceNgramIndex(tokenizer);
        const string Other = "var s = \"alpha beta\"; var s = \"alpha beta\";\n";
        index.Update("other.cs", Other);
        const string Text = "var s = \"alpha";
        var options = new CacheLmOptions { MinOrder = 1, LiteralMinOrder = 9 };
        var logits = Enumerable.Range(0, tokenizer.VocabularySize).Select(i => (float)Math.Sin(i)).ToArray();

        var gated = CacheLmLogitsProcessor.Create(index, "current.cs", Text, Text.Length, options);
        var inString = (float[])logits.Clone();
        gated.Process(new LogitsContext(0, 0, [], string.Empty), inString);
        Assert.Equal(logits, inString);

        var ungated = CacheLmLogitsProcessor.Create(index, "current.cs", Text, Text.Length, options with { LiteralMinOrder = 0 });
        var mixed = (float[])logits.Clone();
        ungated.Process(new LogitsContext(0, 0, [], string.Empty), mixed);
        Assert.NotEqual(logits, mixed);
    }

    [Fact]
    public void A_held_out_span_hides_every_ngram_that_touches_it()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var index = new WorkspaceNgramIndex(tokenizer);
        const string Text = "int first = 1;\nQuuxFrobnicate(zzyzx);\nint last = 2;\n";
        index.Update("a.cs", Text);
        var tokens = index.Snapshot.GetTokens("a.cs")!;
        var line = tokenizer.Encode("QuuxFrobnicate(zzyzx);");
        var start = Enumerable.Range(0, tokens.Length - line.Length + 1).First(i => tokens.AsSpan(i, line.Length).SequenceEqual(line));
        var context = tokens.AsSpan(start, 3).ToArray();

        Assert.NotNull(new NgramMatcher(index.Snapshot).Match(context));
        var exclusion = index.Snapshot.ExcludeSpan("a.cs", start, line.Length);
        Assert.NotNull(exclusion);
        var hidden = new NgramMatcher(index.Snapshot, exclusion).Match(context);
        Assert.True(hidden is null || hidden.Order < 3, $"matched {hidden?.Order} tokens of the held-out line");
    }

    [Fact]
    public void Calibration_scores_a_repetitive_workspace_above_a_varied_one()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var options = new CacheLmOptions { CalibrationLinesPerDocument = 4, CalibrationMinSteps = 10 };

        var repetitive = new WorkspaceNgramIndex(tokenizer);
        var body = string.Concat(Enumerable.Range(0, 20).Select(i => $"        total += ComputeInvoiceTotals(invoice).Net;\n"));
        for (var d = 0; d < 6; d++)
        {
            repetitive.Update($"r{d}.cs", $"class R{d}\n{{\n    void M()\n    {{\n{body}    }}\n}}\n");
        }

        var varied = new WorkspaceNgramIndex(tokenizer);
        var files = AdaptiveTestData.VisibleFiles(6);
        Assert.Equal(6, files.Count);
        foreach (var file in files) varied.Update(file, File.ReadAllText(file));

        var high = CacheLmCalibration.Measure(repetitive, options);
        var low = CacheLmCalibration.Measure(varied, options);

        Assert.Equal(6, high.Documents);
        Assert.True(high.MixedSteps >= options.CalibrationMinSteps, $"{high.MixedSteps} mixed steps");
        Assert.True(low.MixedSteps >= options.CalibrationMinSteps, $"{low.MixedSteps} mixed steps");
        Assert.True(high.Precision > 0.9, $"repetitive precision {high.Precision:F3}");
        Assert.True(low.Precision < high.Precision - 0.1, $"varied {low.Precision:F3} vs repetitive {high.Precision:F3}");
        Assert.Equal(low, CacheLmCalibration.Measure(varied, options)); // deterministic

        var calibrated = options with { Calibrate = true, CalibrationFloor = low.Precision, CalibrationFull = high.Precision };
        Assert.Equal(1.0, high.WeightFor(calibrated));
        Assert.Equal(0.0, low.WeightFor(calibrated));
        Assert.Equal(1.0, low.WeightFor(options)); // calibration off: the cache keeps its own λ
        Assert.Equal(1.0, CacheLmCalibration.Unmeasured.WeightFor(calibrated));
    }

    [Fact]
    public void Retrieval_returns_nothing_below_its_floor()
    {
        var retriever = new SimilarCodeRetriever();
        const string Other = "class A\n{\n    void Export(Order order)\n    {\n        builder.Append(order.Id).Append(';');\n        builder.Append(order.Customer.Name);\n    }\n}\n";
        const string Current = "class B\n{\n    void Export(Order order)\n    {\n        builder.Append(order.Id).Append('\\t');\n";
        retriever.Update("/ws/A.cs", Other);
        retriever.Update("/ws/B.cs", Current);

        var chunks = retriever.Query("/ws/B.cs", Current, Current.Length, minScore: 0.0);
        Assert.NotEmpty(chunks);
        var best = chunks[0].Score;
        Assert.NotEmpty(retriever.Query("/ws/B.cs", Current, Current.Length, minScore: best));
        Assert.Empty(retriever.Query("/ws/B.cs", Current, Current.Length, minScore: best + 0.01));
    }
}
