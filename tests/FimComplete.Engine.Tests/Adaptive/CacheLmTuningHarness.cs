using System.Globalization;
using System.Text;
using FimComplete.Engine.Adaptive;
using FimComplete.Evaluation;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests.Adaptive;

/// <summary>
/// A tool, not a test: tunes the cache LM on an evaluation set's tasks (never on anything else). Skipped (TuningFact)
/// unless FIM_TUNE_MODEL names a model folder; then it replays the tasks (FIM_TUNE_LIMIT of them, default all) and writes the grid's scores to
/// FIM_TUNE_OUT (default /tmp/cache-lm-tuning.txt). FIM_TUNE_SET picks the set under tests/eval (visible by default;
/// project for the project set) and FIM_TUNE_TASKS its task file (tasks.jsonl by default; tune on the project set's
/// tasks-tune.jsonl and report on tasks-test.jsonl, the other half of its files). FIM_TUNE_RETRIEVAL=N puts a retrieval block of up to N tokens in the prompts
/// (FIM_TUNE_STYLE=code for code style), to compare with a run without:
/// <c>FIM_TUNE_MODEL=models/default dotnet test tests/FimComplete.Engine.Tests --filter FullyQualifiedName~CacheLmTuningHarness</c>
/// </summary>
public sealed class CacheLmTuningHarness(ITestOutputHelper output)
{
    [TuningFact]
    public void Tune_on_the_visible_set_when_asked()
    {
        var modelPath = Environment.GetEnvironmentVariable("FIM_TUNE_MODEL")!;

        var limit = int.TryParse(Environment.GetEnvironmentVariable("FIM_TUNE_LIMIT"), out var l) ? l : (int?)null;
        var outPath = Environment.GetEnvironmentVariable("FIM_TUNE_OUT") is { Length: > 0 } given ? given : "/tmp/cache-lm-tuning.txt";
        using var model = FimModel.Load(Path.GetFullPath(modelPath, TestPaths.RepoRoot), new InferenceOptions(ExecutionProviderKind.Cpu));
        var set = Environment.GetEnvironmentVariable("FIM_TUNE_SET") is { Length: > 0 } name ? name : "visible";
        var taskFile = Environment.GetEnvironmentVariable("FIM_TUNE_TASKS") is { Length: > 0 } file ? file : "tasks.jsonl";
        var setRoot = Path.Combine(TestPaths.RepoRoot, "tests", "eval", set);
        var root = Path.Combine(setRoot, "src");
        var tasks = EvalRunner.ReadTasks(Path.Combine(setRoot, taskFile), limit);
        var progress = new StringWriter();
        var retrieval = int.TryParse(Environment.GetEnvironmentVariable("FIM_TUNE_RETRIEVAL"), out var r) ? r : 0;
        var style = string.Equals(Environment.GetEnvironmentVariable("FIM_TUNE_STYLE"), "code", StringComparison.OrdinalIgnoreCase) ? RetrievalStyle.Code : RetrievalStyle.Comment;
        var report = new CacheLmTuner(model, progress).Run(root, tasks, CacheLmTuner.DefaultGrid(), retrievalTokens: retrieval, retrievalStyle: style);

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"model {modelPath}, set {set}/{taskFile}, {report.Tasks} tasks, {report.Tokens} tokens, matched steps {report.MatchedStepShare:P1}, retrieval {retrieval} tokens max ({style}, {report.RetrievedTokensPerTask:F1} per prompt), {report.Elapsed.TotalSeconds:F0}s");
        sb.AppendLine("lambdaMax slope minOrder | EM  tokAcc  logP | EM by kind | EM fold0 fold1");
        foreach (var score in new[] { report.Baseline }.Concat(report.Scores.OrderByDescending(s => s.ExactMatch).ThenByDescending(s => s.MeanLogProb).Take(25)))
        {
            var o = score.Options;
            var kinds = string.Join(" ", score.ExactMatchByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value:F3}"));
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{o.LambdaMax,4:F2} {o.Slope,4:F1} {o.MinOrder} | {score.ExactMatch:F3} {score.TokenAccuracy:F3} {score.MeanLogProb:F3} | {kinds} | {score.ExactMatchByFold[0]:F3} {score.ExactMatchByFold[1]:F3}");
        }

        sb.AppendLine("best by log-probability:");
        foreach (var score in report.Scores.OrderByDescending(s => s.MeanLogProb).Take(5))
        {
            var o = score.Options;
            sb.AppendLine(CultureInfo.InvariantCulture, $"{o.LambdaMax,4:F2} {o.Slope,4:F1} {o.MinOrder} | {score.ExactMatch:F3} {score.TokenAccuracy:F3} {score.MeanLogProb:F3}");
        }

        sb.AppendLine("all settings (lambdaMax slope minOrder | EM tokAcc logP):");
        foreach (var score in report.Scores)
        {
            var o = score.Options;
            sb.AppendLine(CultureInfo.InvariantCulture, $"{o.LambdaMax,4:F2} {o.Slope,4:F1} {o.MinOrder} | {score.ExactMatch:F3} {score.TokenAccuracy:F3} {score.MeanLogProb:F3}");
        }

        File.WriteAllText(outPath, sb.ToString() + progress);
        output.WriteLine(sb.ToString());
    }
}
