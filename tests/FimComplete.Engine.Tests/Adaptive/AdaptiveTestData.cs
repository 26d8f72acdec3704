using FimComplete.Engine.Adaptive;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Engine.Tests.Adaptive;

internal static class AdaptiveTestData
{
    private static readonly Lazy<HfTokenizer> FixtureTokenizerLazy = new(() => HfTokenizer.Load(Path.Combine(TestPaths.Fixture("mha-manifest"), "tokenizer.json")));

    /// <summary>The fixture model's byte-level BPE tokenizer (GPT-2-style pre-tokenizer).</summary>
    public static HfTokenizer FixtureTokenizer => FixtureTokenizerLazy.Value;

    public static string VisibleRoot => Path.Combine(TestPaths.RepoRoot, "tests", "eval", "visible");

    public static IReadOnlyList<string> VisibleFiles(int count) =>
        Directory.EnumerateFiles(Path.Combine(VisibleRoot, "src"), "*.cs").Order(StringComparer.Ordinal).Take(count).ToList();

    /// <summary>Counts of every continuation of <paramref name="context"/> in the token arrays, by brute force.</summary>
    public static Dictionary<int, int> BruteForce(IEnumerable<int[]> documents, ReadOnlySpan<int> context)
    {
        var result = new Dictionary<int, int>();
        foreach (var tokens in documents)
        {
            for (var p = context.Length; p < tokens.Length; p++)
            {
                if (tokens.AsSpan(p - context.Length, context.Length).SequenceEqual(context))
                {
                    result[tokens[p]] = result.GetValueOrDefault(tokens[p]) + 1;
                }
            }
        }

        return result;
    }

    /// <summary>Checks the index against brute force for contexts taken from the documents themselves (and a few absent ones).</summary>
    public static void AssertMatchesBruteForce(NgramSnapshot snapshot, IReadOnlyDictionary<string, string> texts, HfTokenizer tokenizer, Random random, int probes)
    {
        var arrays = texts.ToDictionary(kv => kv.Key, kv => tokenizer.Encode(SegmentedTokenizer.NormalizeNewlines(kv.Value)));
        Assert.Equal(texts.Count, snapshot.Documents);
        Assert.Equal(arrays.Values.Sum(a => (long)a.Length), snapshot.Tokens);
        foreach (var (path, tokens) in arrays)
        {
            Assert.Equal(tokens, snapshot.GetTokens(path));
        }

        var all = arrays.Values.Where(a => a.Length > 10).ToList();
        for (var i = 0; i < probes; i++)
        {
            var doc = all[random.Next(all.Count)];
            var length = random.Next(1, snapshot.MaxOrder + 1);
            var start = random.Next(0, doc.Length - length);
            var context = doc.AsSpan(start, length).ToArray();
            if (i % 10 == 9)
            {
                context[0] = (context[0] + 1) % tokenizer.VocabularySize; // often absent
            }

            var expected = BruteForce(all.Concat(arrays.Values.Where(a => a.Length <= 10)), context);
            var actual = snapshot.Continuations(context);
            Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        }
    }
}
