using FimComplete.Engine.Adaptive;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Engine.Tests.Adaptive;

public sealed class NgramIndexTests
{
    private static readonly string[] Lines =
    [
        "var totals = ComputeInvoiceTotals(invoice);",
        "if (totals.Count == 0) return;",
        "foreach (var line in invoice.Lines)",
        "{",
        "    sum += line.Amount * line.Quantity;",
        "}",
        "logger.LogInformation(\"done {0}\", sum);",
        "    return new Result(sum, tax);",
    ];

    [Fact]
    public void Segmented_tokenization_equals_whole_text_tokenization()
    {
        var segmenter = new SegmentedTokenizer(AdaptiveTestData.FixtureTokenizer);
        Assert.NotEqual(SegmentationMode.Whole, segmenter.Mode);
        foreach (var file in AdaptiveTestData.VisibleFiles(12))
        {
            var text = SegmentedTokenizer.NormalizeNewlines(File.ReadAllText(file));
            var pieces = segmenter.Split(text).SelectMany(s => segmenter.Encode(text, s.Start, s.Length)).ToArray();
            Assert.Equal(segmenter.Tokenizer.Encode(text), pieces);
        }
    }

    [Fact]
    public void Our_own_tokenizer_is_tokenized_line_by_line_exactly()
    {
        // The shipped model's tokenizer isolates newlines; checked where a copy is present (models/default is added later).
        foreach (var path in new[] { Path.Combine(TestPaths.DefaultModel, "tokenizer.json"), Path.Combine(TestPaths.RepoRoot, "models", "training", "work", "tokenizer", "tokenizer.json") })
        {
            if (!File.Exists(path)) continue;
            var segmenter = new SegmentedTokenizer(HfTokenizer.Load(path));
            Assert.Equal(SegmentationMode.Lines, segmenter.Mode);
            foreach (var file in AdaptiveTestData.VisibleFiles(12))
            {
                var text = SegmentedTokenizer.NormalizeNewlines(File.ReadAllText(file));
                Assert.Equal(segmenter.Tokenizer.Encode(text), segmenter.Split(text).SelectMany(s => segmenter.Encode(text, s.Start, s.Length)));
            }
        }
    }

    [Fact]
    public void Counts_equal_brute_force_counts_over_workspace_files()
    {
        var texts = AdaptiveTestData.VisibleFiles(10).ToDictionary(f => f, File.ReadAllText);
        var index = new WorkspaceNgramIndex(AdaptiveTestData.FixtureTokenizer, new NgramIndexOptions { BlockTokens = 20_000 });
        Assert.Equal(10, index.AddDocuments(texts.Select(kv => (kv.Key, kv.Value))));
        Assert.True(index.Snapshot.BlockCount > 1);
        AdaptiveTestData.AssertMatchesBruteForce(index.Snapshot, texts, AdaptiveTestData.FixtureTokenizer, new Random(1), 300);
    }

    [Fact]
    public void An_edit_removes_the_old_ngrams_and_counts_the_new_ones_exactly()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var index = new WorkspaceNgramIndex(tokenizer);
        index.Update("a.cs", "class A\n{\n    int alpha = beta + gamma;\n    int alpha = beta + gamma;\n}\n");
        index.Update("b.cs", "class B\n{\n    int alpha = beta + gamma;\n}\n");
        var oldGram = tokenizer.Encode(" beta + gamma")[^9..];
        var newGram = tokenizer.Encode(" beta * delta")[^9..];
        Assert.Equal(3, index.Snapshot.Count(oldGram));
        Assert.Equal(0, index.Snapshot.Count(newGram));
        var before = index.Snapshot;

        index.Update("a.cs", "class A\n{\n    int alpha = beta * delta;\n    int alpha = beta + gamma;\n}\n");

        Assert.Equal(2, index.Snapshot.Count(oldGram));
        Assert.Equal(1, index.Snapshot.Count(newGram));
        Assert.Equal(3, before.Count(oldGram)); // a snapshot taken earlier does not change
        Assert.True(index.SegmentsReused >= 2, $"reused {index.SegmentsReused} segments"); // the unchanged head and tail

        index.Remove("a.cs");
        Assert.Equal(1, index.Snapshot.Count(oldGram));
        Assert.Equal(0, index.Snapshot.Count(newGram));
    }

    [Fact]
    public void Random_edits_keep_the_index_exact_through_merges_and_rebuilds()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var random = new Random(7);
        var index = new WorkspaceNgramIndex(tokenizer, new NgramIndexOptions { BlockTokens = 600, MaxHotDocuments = 2 });
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        string RandomDoc() => string.Join('\n', Enumerable.Range(0, random.Next(3, 30)).Select(_ => Lines[random.Next(Lines.Length)])) + "\n";

        index.AddDocuments(Enumerable.Range(0, 12).Select(i => { var t = RandomDoc(); texts[$"d{i}.cs"] = t; return ($"d{i}.cs", t); }).ToList());
        for (var step = 0; step < 60; step++)
        {
            var path = $"d{random.Next(16)}.cs";
            if (random.Next(8) == 0 && texts.Remove(path))
            {
                index.Remove(path);
                continue;
            }

            var text = texts.TryGetValue(path, out var old) && random.Next(3) > 0 ? EditLines(old, random) : RandomDoc();
            texts[path] = text;
            index.Update(path, text);
        }

        AdaptiveTestData.AssertMatchesBruteForce(index.Snapshot, texts, tokenizer, new Random(3), 300);
        Assert.True(index.Snapshot.BlockCount <= texts.Count);
    }

    [Fact]
    public void The_memory_cap_evicts_the_least_recently_updated_documents()
    {
        var index = new WorkspaceNgramIndex(AdaptiveTestData.FixtureTokenizer, new NgramIndexOptions { MaxDocuments = 3 });
        index.Update("a.cs", "class A { }\n");
        index.Update("b.cs", "class B { }\n");
        index.Update("c.cs", "class C { }\n");
        index.Update("a.cs", "class A { int x; }\n");
        index.Update("d.cs", "class D { }\n");
        Assert.Equal(["a.cs", "c.cs", "d.cs"], index.Snapshot.Paths.Order(StringComparer.Ordinal));
        Assert.Equal(1, index.Evictions);

        var files = AdaptiveTestData.VisibleFiles(6);
        var byTokens = new WorkspaceNgramIndex(AdaptiveTestData.FixtureTokenizer, new NgramIndexOptions { MaxTokens = 15_000 });
        foreach (var file in files) byTokens.Update(file, File.ReadAllText(file));
        Assert.True(byTokens.Snapshot.Tokens <= 15_000, $"{byTokens.Snapshot.Tokens} tokens");
        Assert.True(byTokens.Evictions > 0);
        Assert.Contains(files[^1], byTokens.Snapshot.Paths);
        Assert.DoesNotContain(files[0], byTokens.Snapshot.Paths);
        Assert.InRange(byTokens.Snapshot.EstimatedBytes, byTokens.Snapshot.Tokens * 8, byTokens.Snapshot.Tokens * 40);
    }

    [Fact]
    public void The_cursor_ngrams_of_the_current_document_are_excluded()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var index = new WorkspaceNgramIndex(tokenizer);
        var other = "class B\n{\n    void F() { var totals = ComputeInvoiceTotals(x); }\n}\n";
        index.Update("b.cs", other);

        // The current document with the cursor after "var totals =": in the index its prefix runs into the suffix "Zed();".
        var text = "class A\n{\n    void G() { var totals = Zed(); }\n}\n";
        var cursor = text.IndexOf("= Zed", StringComparison.Ordinal) + 1;
        index.Update("a.cs", text);
        var snapshot = index.Snapshot;
        var exclusion = snapshot.Locate("a.cs", text, cursor);
        Assert.NotNull(exclusion);

        var context = CacheLmLogitsProcessor.ContextBefore(index.Segmenter, text, cursor, 8);
        var zed = tokenizer.Encode(" Zed")[0];
        var compute = tokenizer.Encode(" ComputeInvoiceTotals")[0];

        var without = new NgramMatcher(snapshot).Match(context)!;
        Assert.True(without.Probability(zed) > 0); // the junction n-gram itself

        var with = new NgramMatcher(snapshot, exclusion).Match(context)!;
        Assert.Equal(0, with.Probability(zed));
        Assert.Equal(1.0, with.Probability(compute));
    }

    [Fact]
    public async Task Readers_see_consistent_snapshots_while_a_writer_updates()
    {
        var tokenizer = AdaptiveTestData.FixtureTokenizer;
        var index = new WorkspaceNgramIndex(tokenizer, new NgramIndexOptions { BlockTokens = 400, MaxHotDocuments = 2 });
        var gram = tokenizer.Encode("var totals = ComputeInvoiceTotals");
        for (var i = 0; i < 8; i++) index.Update($"d{i}.cs", string.Join('\n', Lines) + "\n");
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested || reads < 50)
            {
                var snapshot = index.Snapshot;
                Assert.Equal(snapshot.Documents, snapshot.Count(gram[..Math.Min(gram.Length, 9)]));
                reads++;
            }

            return reads;
        });

        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            index.Update($"d{random.Next(12)}.cs", string.Join('\n', Lines.OrderBy(_ => random.Next())) + "\n");
        }

        stop.Cancel();
        Assert.True(await reader > 0);
    }

    private static string EditLines(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var at = random.Next(lines.Count);
        switch (random.Next(3))
        {
            case 0:
                lines.Insert(at, Lines[random.Next(Lines.Length)]);
                break;
            case 1:
                lines.RemoveAt(at);
                break;
            default:
                lines[at] = lines[at] + " x" + random.Next(10);
                break;
        }

        return string.Join('\n', lines);
    }
}
