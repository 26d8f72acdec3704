using System.Diagnostics;
using FimComplete.Engine.Adaptive;
using FimComplete.Engine.Prompting;
using FimComplete.Engine.Text;
using FimComplete.Inference;
using FimComplete.Inference.Generation;

namespace FimComplete.Evaluation;

/// <summary>One parameter setting's scores over the replayed tasks.</summary>
public sealed record CacheLmScore(CacheLmOptions Options, int Tasks, double ExactMatch, double TokenAccuracy, double MeanLogProb, IReadOnlyDictionary<string, double> ExactMatchByKind, IReadOnlyDictionary<int, double> ExactMatchByFold);

/// <summary>What a tuning run measured.</summary>
public sealed record CacheLmTuningReport(IReadOnlyList<CacheLmScore> Scores, int Tasks, int Tokens, double MatchedStepShare, TimeSpan Elapsed)
{
    /// <summary>Mean tokens of retrieval context per prompt (0 without retrieval).</summary>
    public double RetrievedTokensPerTask { get; init; }

    public CacheLmScore Baseline => Scores.First(s => s.Options.LambdaMax <= 0);

    /// <summary>Best by teacher-forced exact match, then by log-probability.</summary>
    public CacheLmScore Best => Scores.OrderByDescending(s => s.ExactMatch).ThenByDescending(s => s.MeanLogProb).First();
}

/// <summary>
/// Tunes <see cref="CacheLmOptions"/> by replaying evaluation tasks (use the visible set only) with teacher forcing:
/// for each task the workspace index holds every file under the root with the task's hole cut out of its own file,
/// the prompt is built as the engine builds it (<see cref="PromptWindowBuilder"/>), and the model is fed the expected
/// middle token by token (a logits processor records the model's distribution, then forces the expected token). For
/// every setting of the grid the cache mixture is applied offline to each recorded step, so one model pass scores the
/// whole grid. Scores: teacher-forced exact match (every expected token is the mixture's argmax, a greedy-decoding
/// proxy), token accuracy and mean log-probability of the expected tokens; per kind and per file fold (two folds by
/// file, to see whether a setting chosen on one half holds on the other).
/// </summary>
public sealed class CacheLmTuner(FimModel model, TextWriter? log = null)
{
    /// <summary>The default grid: λmax × slope × minimum order, plus the baseline (λ = 0).</summary>
    public static IReadOnlyList<CacheLmOptions> DefaultGrid()
    {
        var grid = new List<CacheLmOptions> { new() { LambdaMax = 0 } };
        foreach (var lambdaMax in new[] { 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99 })
        {
            foreach (var slope in new[] { 0.5, 1.0, 2.0, 4.0, 8.0 })
            {
                foreach (var minOrder in new[] { 1, 2, 3, 4 })
                {
                    grid.Add(new CacheLmOptions { LambdaMax = lambdaMax, Slope = slope, MinOrder = minOrder });
                }
            }
        }

        return grid;
    }

    /// <param name="root">Folder of the task files (the workspace).</param>
    /// <param name="tasks">Tasks (file, hole offsets, kind).</param>
    /// <param name="grid">Settings to score; the first with LambdaMax 0 is the baseline. All must share MaxOrder.</param>
    /// <param name="maxTokens">Expected middles are scored on at most this many tokens (the engine's MaxNewTokens).</param>
    /// <param name="contextTokens">Prompt budget (0: the model's context length minus maxTokens).</param>
    /// <param name="retrievalTokens">When above 0, a retrieval block of up to this many tokens (see
    /// <see cref="SimilarCodeRetriever"/>) goes first in the prefix, as the engine puts it: compare runs with and without
    /// to see what retrieval does to the same scores.</param>
    /// <param name="retrievalStyle">How the retrieval block is written.</param>
    public CacheLmTuningReport Run(string root, IReadOnlyList<EvalTask> tasks, IReadOnlyList<CacheLmOptions> grid, int maxTokens = 64, int contextTokens = 0,
        int retrievalTokens = 0, RetrievalStyle retrievalStyle = RetrievalStyle.Comment, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var tokenizer = model.Tokenizer;
        var order = grid.Max(g => g.MaxOrder);
        var index = new WorkspaceNgramIndex(tokenizer, new NgramIndexOptions { MaxOrder = order });
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Select(Path.GetFullPath).ToList();
        var originals = files.ToDictionary(f => f, File.ReadAllText, StringComparer.Ordinal);
        index.AddDocuments(originals.Select(kv => (kv.Key, kv.Value)), cancellationToken: cancellationToken);
        var windows = new PromptWindowBuilder(tokenizer, model.Template);
        var retriever = retrievalTokens > 0 ? new SimilarCodeRetriever() : null;
        retriever?.AddDocuments(originals.Select(kv => (kv.Key, kv.Value)), cancellationToken: cancellationToken);
        var retrievedTokens = 0L;
        var budget = Math.Max(16, (contextTokens > 0 ? Math.Min(contextTokens, model.ContextLength) : model.ContextLength) - maxTokens - 4);

        var g = grid.Count;
        var sumLogP = new double[g];
        var correct = new long[g];
        var exact = new int[g];
        var exactByKind = new Dictionary<string, int[]>();
        var tasksByKind = new Dictionary<string, int>();
        var exactByFold = new int[2, g];
        var tasksByFold = new int[2];
        var tokens = 0;
        var matched = 0;
        var done = 0;

        foreach (var task in tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.GetFullPath(Path.Combine(root, task.File));
            var original = originals[path];
            var expectedText = SegmentedTokenizer.NormalizeNewlines(original[task.Start..task.End]);
            var expected = tokenizer.Encode(expectedText);
            if (expected.Length == 0)
            {
                continue;
            }

            if (expected.Length > maxTokens) expected = expected[..maxTokens];
            var document = NormalizedDocument.Create(original.Remove(task.Start, task.End - task.Start), task.Start);
            index.Update(path, document.Text);
            PromptWindow window;
            if (retriever is not null)
            {
                retriever.Update(path, document.Text);
                var block = SimilarCodeRetriever.Render(retriever.Query(path, document.Text, document.Cursor), retrievalTokens, windows.Cost, Path.GetFileName, retrievalStyle);
                retrievedTokens += block.Length == 0 ? 0 : windows.Cost(block);
                window = windows.Build(document, budget, Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(document.Text, cancellationToken: cancellationToken).GetRoot(cancellationToken), block, document.Cursor);
                retriever.Update(path, original);
            }
            else
            {
                window = windows.Build(document, budget);
            }

            var prompt = model.Template.BuildPrompt(model.Template.Template.DefaultMode, window.PrefixIds, window.SuffixIds);
            var snapshot = index.Snapshot;
            var matcher = new NgramMatcher(snapshot, snapshot.Locate(path, document.Text, document.Cursor), grid[0].MaxScan);
            var before = CacheLmLogitsProcessor.ContextBefore(index.Segmenter, document.Text, document.Cursor, order);
            var forcer = new TeacherForcer(expected, before, matcher, grid);
            model.Generator.Generate(prompt, new GenerationOptions { MaxNewTokens = expected.Length, Candidates = 1, LogitsProcessor = forcer }, cancellationToken);
            index.Update(path, original);

            var fold = (int)(SegmentedTokenizer.Hash(task.File) & 1);
            tasksByFold[fold]++;
            tasksByKind[task.Kind] = tasksByKind.GetValueOrDefault(task.Kind) + 1;
            if (!exactByKind.TryGetValue(task.Kind, out var kindExact)) exactByKind[task.Kind] = kindExact = new int[g];
            for (var k = 0; k < g; k++)
            {
                sumLogP[k] += forcer.LogP[k];
                correct[k] += forcer.Correct[k];
                if (forcer.Correct[k] == expected.Length)
                {
                    exact[k]++;
                    kindExact[k]++;
                    exactByFold[fold, k]++;
                }
            }

            tokens += expected.Length;
            matched += forcer.MatchedSteps;
            done++;
            if (done % 20 == 0)
            {
                log?.WriteLine($"[{done}/{tasks.Count}] baseline EM {(double)exact[0] / done:F3}, {clock.Elapsed.TotalSeconds:F0}s");
            }
        }

        var scores = new List<CacheLmScore>(g);
        for (var k = 0; k < g; k++)
        {
            scores.Add(new CacheLmScore(grid[k], done, (double)exact[k] / Math.Max(1, done), (double)correct[k] / Math.Max(1, tokens), sumLogP[k] / Math.Max(1, tokens),
                tasksByKind.ToDictionary(kv => kv.Key, kv => (double)exactByKind[kv.Key][k] / kv.Value),
                new Dictionary<int, double> { [0] = (double)exactByFold[0, k] / Math.Max(1, tasksByFold[0]), [1] = (double)exactByFold[1, k] / Math.Max(1, tasksByFold[1]) }));
        }

        return new CacheLmTuningReport(scores, done, tokens, (double)matched / Math.Max(1, tokens), clock.Elapsed) { RetrievedTokensPerTask = (double)retrievedTokens / Math.Max(1, done) };
    }

    /// <summary>Records each step's distribution, scores the grid on it, then forces the expected token.</summary>
    private sealed class TeacherForcer(int[] expected, int[] before, NgramMatcher matcher, IReadOnlyList<CacheLmOptions> grid) : ILogitsProcessor
    {
        private float[] _logProbs = [];
        private bool[] _inCache = [];

        public double[] LogP { get; } = new double[grid.Count];

        public int[] Correct { get; } = new int[grid.Count];

        public int MatchedSteps { get; private set; }

        public void Process(LogitsContext context, Span<float> logits)
        {
            var step = context.Step;
            if (step >= expected.Length)
            {
                return;
            }

            if (_logProbs.Length < logits.Length)
            {
                _logProbs = new float[logits.Length];
                _inCache = new bool[logits.Length];
            }

            var logZ = CacheLmLogitsProcessor.LogSumExp(logits, _logProbs);
            for (var i = 0; i < logits.Length; i++) _logProbs[i] = logits[i] - logZ;

            var contextIds = before.Concat(expected.Take(step)).ToArray();
            var match = matcher.Match(contextIds);
            if (match is not null)
            {
                MatchedSteps++;
                foreach (var t in match.Tokens) _inCache[t] = true;
            }

            // Best model token outside the cache's tokens (the mixture scales all of those alike).
            var bestOther = float.NegativeInfinity;
            for (var i = 0; i < logits.Length; i++)
            {
                if (!_inCache[i] && _logProbs[i] > bestOther) bestOther = _logProbs[i];
            }

            var target = expected[step];
            for (var k = 0; k < grid.Count; k++)
            {
                var lambda = grid[k].Lambda(match);
                double Mixed(int token, double pCache) => (lambda * pCache) + ((1 - lambda) * Math.Exp(_logProbs[token]));
                var pTarget = Mixed(target, match?.Probability(target) ?? 0);
                LogP[k] += Math.Log(Math.Max(pTarget, 1e-30));
                var best = (1 - lambda) * Math.Exp(bestOther);
                var bestIsTarget = !_inCache[target] && _logProbs[target] >= bestOther;
                if (match is not null)
                {
                    for (var j = 0; j < match.Tokens.Length; j++)
                    {
                        var p = Mixed(match.Tokens[j], (double)match.Counts[j] / match.Total);
                        if (p > best)
                        {
                            best = p;
                            bestIsTarget = match.Tokens[j] == target;
                        }
                        else if (p == best && match.Tokens[j] == target)
                        {
                            bestIsTarget = true;
                        }
                    }
                }

                if (bestIsTarget && pTarget >= best) Correct[k]++;
            }

            if (match is not null)
            {
                foreach (var t in match.Tokens) _inCache[t] = false;
            }

            var keep = logits[target];
            logits.Fill(float.NegativeInfinity);
            logits[target] = float.IsNegativeInfinity(keep) ? 0 : keep;
        }
    }
}
