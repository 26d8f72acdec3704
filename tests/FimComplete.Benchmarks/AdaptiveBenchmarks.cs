using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using FimComplete.Engine.Adaptive;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Tokenization;

namespace FimComplete.Benchmarks;

/// <summary>
/// The workspace-adaptive parts on a 480-file workspace: the 60 visible-set files eight times, each copy with its
/// capitalised identifiers renamed (about 3.6 MB of C#). Index build (tokenising included) and memory, one edit's
/// incremental update, one retrieval query, one cache-LM step (lookup + mixture over the vocabulary) and its parts.
/// The tokenizer is models/default's, else the training recipe's (models/training/work/tokenizer, same 8k BPE),
/// else the fixture's; GlobalSetup prints which, and the index sizes.
/// </summary>
[MemoryDiagnoser]
public class AdaptiveBenchmarks
{
    private static readonly string[] Suffixes = ["", "Ex", "V2", "Core", "Impl", "Base", "Item", "Node"];

    private HfTokenizer _tokenizer = null!;
    private List<(string Path, string Text)> _documents = null!;
    private WorkspaceNgramIndex _index = null!;
    private SimilarCodeRetriever _retriever = null!;
    private (string Path, string A, string B)[] _edits = null!;
    private int _edit;
    private (string Path, string Text, int Cursor)[] _queries = null!;
    private int _query;
    private CacheLmLogitsProcessor _processor = null!;
    private NgramMatcher _matcher = null!;
    private int[][] _contexts = null!;
    private int _step;
    private float[] _logits = null!;
    private float[] _working = null!;
    private float[] _scratch = null!;
    private CacheDistribution _distribution = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        var candidates = new[]
        {
            Path.Combine(root, "models", "default", "tokenizer.json"),
            Path.Combine(root, "models", "training", "work", "tokenizer", "tokenizer.json"),
            Path.Combine(root, "tests", "fixtures", "models", "mha-manifest", "tokenizer.json"),
        };
        var tokenizerPath = candidates.First(File.Exists);
        _tokenizer = HfTokenizer.Load(tokenizerPath);

        var sources = Directory.EnumerateFiles(Path.Combine(root, "tests", "eval", "visible", "src"), "*.cs").Order(StringComparer.Ordinal).ToList();
        _documents = [];
        for (var copy = 0; copy < Suffixes.Length; copy++)
        {
            foreach (var file in sources)
            {
                var text = File.ReadAllText(file);
                var suffix = Suffixes[copy];
                if (suffix.Length > 0)
                {
                    text = Regex.Replace(text, @"\b[A-Z][A-Za-z0-9]{3,}\b", m => m.Value + suffix);
                }

                _documents.Add(($"/ws/copy{copy}/{Path.GetFileName(file)}", text));
            }
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        _index = BuildIndex();
        var afterIndex = GC.GetTotalMemory(forceFullCollection: true);
        _retriever = BuildRetriever();
        var afterRetriever = GC.GetTotalMemory(forceFullCollection: true);
        var snapshot = _index.Snapshot;
        Console.WriteLine($"// adaptive: tokenizer {tokenizerPath} (vocab {_tokenizer.VocabularySize}, {_index.Segmenter.Mode}); {_documents.Count} files, {_documents.Sum(d => d.Text.Length) / 1e6:F2}M chars");
        Console.WriteLine($"// adaptive: n-gram index {snapshot.Documents} docs, {snapshot.Tokens / 1e6:F2}M tokens, {snapshot.BlockCount} blocks, estimate {snapshot.EstimatedBytes / 1e6:F1} MB, GC delta {(afterIndex - before) / 1e6:F1} MB");
        Console.WriteLine($"// adaptive: retriever {_retriever.Documents} docs, {_retriever.Windows} windows, estimate {_retriever.EstimatedBytes / 1e6:F1} MB, GC delta {(afterRetriever - afterIndex) / 1e6:F1} MB");

        // Edits: one line changed in the middle of each of 32 documents, toggled back and forth.
        _edits = _documents.Where((_, i) => i % 15 == 0).Take(32).Select(d =>
        {
            var middle = d.Text.IndexOf('\n', d.Text.Length / 2) + 1;
            return (d.Path, d.Text, d.Text.Insert(middle, "            var edited = Compute(value, 42);\n"));
        }).ToArray();

        // Queries: the cursor at the middle line of 64 documents.
        _queries = _documents.Where((_, i) => i % 7 == 0).Take(64).Select(d => (d.Path, d.Text, d.Text.IndexOf('\n', d.Text.Length / 2) + 1)).ToArray();

        // Cache-LM steps: 8-token contexts ending at every position of 60 documents (more than the processor memoises,
        // so lookups are not cached); every other one has its 4th-last token changed, so it matches at most 3 tokens
        // deep where the change makes it new.
        var streams = _documents.Where((_, i) => i % 8 == 3).Take(60).Select(d => _tokenizer.Encode(d.Text)).ToList();
        _contexts = streams.SelectMany(s => Enumerable.Range(0, s.Length - 8).Select(k =>
        {
            var context = s[k..(k + 8)];
            if (k % 2 == 1) context[4] = (context[4] + 17) % _tokenizer.VocabularySize;
            return context;
        })).ToArray();
        _processor = CacheLmLogitsProcessor.Create(_index, _queries[0].Path, _queries[0].Text, _queries[0].Cursor);
        _matcher = new NgramMatcher(snapshot);
        var random = new Random(1);
        _logits = Enumerable.Range(0, _tokenizer.VocabularySize).Select(_ => (float)(random.NextDouble() * 20) - 10).ToArray();
        _working = new float[_logits.Length];
        _scratch = new float[_logits.Length];
        _distribution = _contexts.Select(c => _matcher.Match(c)).First(d => d is not null && d.Tokens.Length > 3)!;
        var orders = _contexts.Take(4000).Select(c => _matcher.Match(c)?.Order ?? 0).ToList();
        Console.WriteLine($"// adaptive: {_contexts.Length} step contexts, matched order of the first 4000: mean {orders.Average():F2}, 8 in {orders.Count(o => o == 8) / 40.0:F0}%, <= 3 in {orders.Count(o => o <= 3) / 40.0:F0}%");
    }

    [Benchmark(Description = "n-gram index: build 480 files (tokenising included)")]
    public long Build() => BuildIndex().Snapshot.Tokens;

    [Benchmark(Description = "retriever: build 480 files")]
    public int BuildWindows() => BuildRetriever().Windows;

    [Benchmark(Description = "n-gram index: one edit (update one document)")]
    public bool UpdateOneEdit()
    {
        var (path, a, b) = _edits[_edit % _edits.Length];
        var text = (_edit++ / _edits.Length) % 2 == 0 ? b : a;
        return _index.Update(path, text);
    }

    [Benchmark(Description = "n-gram index: one keystroke in the document being edited")]
    public bool Keystroke()
    {
        var (path, a, _) = _edits[0];
        var middle = a.IndexOf('\n', a.Length / 2);
        return _index.Update(path, a.Insert(middle, " x" + new string('y', 1 + (_edit++ % 40))));
    }

    [Benchmark(Description = "retriever: one edit (update one document)")]
    public bool RetrieverUpdateOneEdit()
    {
        var (path, a, b) = _edits[_edit % _edits.Length];
        var text = (_edit++ / _edits.Length) % 2 == 0 ? b : a;
        return _retriever.Update(path, text);
    }

    [Benchmark(Description = "retriever: one query (top 3 of the workspace)")]
    public int Query()
    {
        var (path, text, cursor) = _queries[_query++ % _queries.Length];
        return _retriever.Query(path, text, cursor).Count;
    }

    [Benchmark(Description = "cache LM: one step (lookup + mixture)")]
    public float CacheLmStep()
    {
        _logits.CopyTo(_working, 0);
        var context = _contexts[_step++ % _contexts.Length];
        _processor.Process(new LogitsContext(0, context.Length, context, string.Empty), _working);
        return _working[0];
    }

    [Benchmark(Description = "cache LM: lookup only (8-token context)")]
    public int LookupOnly() => _matcher.Match(_contexts[_step++ % _contexts.Length])?.Order ?? 0;

    [Benchmark(Description = "cache LM: mixture only (logsumexp + rewrite)")]
    public float MixOnly()
    {
        _logits.CopyTo(_working, 0);
        CacheLmLogitsProcessor.Mix(_working, _distribution, 0.3, _scratch);
        return _working[0];
    }

    /// <summary>The repository: above the binaries (BenchModels' rule) or above the working directory (a build with
    /// --artifacts-path outside the repository).</summary>
    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FimComplete.sln"))) return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }

    private WorkspaceNgramIndex BuildIndex()
    {
        var index = new WorkspaceNgramIndex(_tokenizer);
        index.AddDocuments(_documents);
        return index;
    }

    private SimilarCodeRetriever BuildRetriever()
    {
        var retriever = new SimilarCodeRetriever();
        retriever.AddDocuments(_documents);
        return retriever;
    }
}
