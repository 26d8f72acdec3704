using System.Text.RegularExpressions;
using FimComplete.Engine.Analysis;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.Context;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;
using FimComplete.Evaluation;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

/// <summary>What Roslyn knows at the visible eval tasks (no model): how often a member constraint applies and admits
/// the expected name, and how often cross-file context is found.</summary>
public sealed partial class EvalProbeTests(ITestOutputHelper output)
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [BenchmarkFact]
    public async Task Roslyn_coverage_on_the_visible_eval_tasks()
    {
        var root = Path.Combine(TestPaths.RepoRoot, "tests", "eval", "visible", "src");
        var tasks = EvalRunner.ReadTasks(Path.Combine(TestPaths.RepoRoot, "tests", "eval", "visible", "tasks.jsonl"), null);
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        workspace.SetFolders([root]);
        await workspace.WhenLoaded;

        var sites = 0;
        var bound = 0;
        var admits = 0;
        var withContext = new Dictionary<string, int>();
        var counts = new Dictionary<string, int>();
        var multiByKind = new Dictionary<string, int>();
        var modeMisses = 0;
        foreach (var task in tasks)
        {
            var path = Path.GetFullPath(Path.Combine(root, task.File));
            var original = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            var raw = File.ReadAllText(path);
            var holed = raw.Remove(task.Start, task.End - task.Start);
            var document = Text.NormalizedDocument.Create(holed, task.Start);
            var expected = raw[task.Start..task.End];
            var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument(path, document.Text), document.Cursor, workspace.Semantics, CancellationToken.None);
            var site = MemberAccessSite.Find(analysis.Root, document.Cursor);
            counts[task.Kind] = counts.GetValueOrDefault(task.Kind) + 1;
            var multi = Prompting.CompletionModeDetector.IsMultiLine(document, Api.LinePolicy.Auto, analysis.Root);
            if (multi) multiByKind[task.Kind] = multiByKind.GetValueOrDefault(task.Kind) + 1;
            if (!multi && task.Kind == "multi-line" && modeMisses++ < 30)
            {
                output.WriteLine($"mode {task.Id}: multi={multi} line `{document.LinePrefix}|{document.LineSuffix}` expected `{expected.Split('\n')[0]}`");
            }
            if (site is not null)
            {
                sites++;
                var names = site.MemberNames(analysis.SemanticModel, completeProject: false, CancellationToken.None);
                if (names.Count > 0)
                {
                    bound++;
                    if (names.Contains(site.Partial + Identifier().Match(expected).Value)) admits++;
                    else
                    {
                        var type = analysis.SemanticModel.GetTypeInfo((Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax)site.Receiver).Type;
                        output.WriteLine($"miss {task.Id}: `{site.Receiver}`.{site.Partial}|{expected.Split('\n')[0]} type {type?.ToDisplayString()} ({type?.TypeKind}) base {type?.BaseType?.ToDisplayString()} ({type?.BaseType?.TypeKind}); {names.Count} names");
                    }
                }
            }

            try { _ = SemanticContextBuilder.Build(analysis, site?.Receiver, t => (t.Length + 3) / 4, 110, workspace.DisplayPath, ContextStyle.Code, CancellationToken.None); }
            catch (NullReferenceException)
            {
                var v = analysis.Semantic;
                output.WriteLine($"NRE at {task.Id}: speculative {v.Speculative} member {v.Member?.Kind()} [{v.Member?.Span}] baseMember {v.BaseMember?.Kind()} cursor {document.Cursor}");
                output.WriteLine(v.Member?.ToString()[..Math.Min(300, v.Member.ToString().Length)]);
                throw;
            }

            var context = SemanticContextBuilder.Build(analysis, site?.Receiver, t => (t.Length + 3) / 4, 110, workspace.DisplayPath, ContextStyle.Code, CancellationToken.None);
            if (context.Tokens > 0) withContext[task.Kind] = withContext.GetValueOrDefault(task.Kind) + 1;
            _ = original;
        }

        output.WriteLine($"member-access sites: {sites} of {tasks.Count} tasks; receiver binds (constraint applies): {bound}; expected name admitted: {admits}");
        foreach (var (kind, n) in counts) output.WriteLine($"{kind}: {n} tasks, cross-file context found in {withContext.GetValueOrDefault(kind)}, multi-line mode chosen in {multiByKind.GetValueOrDefault(kind)}");
    }

    /// <summary>Prints the prompt pieces of one visible task (FIMCOMPLETE_PROBE_TASK=id, FIMCOMPLETE_BENCH_MODEL=model folder).</summary>
    [BenchmarkFact]
    public async Task Show_the_prompt_of_a_task()
    {
        var id = Environment.GetEnvironmentVariable("FIMCOMPLETE_PROBE_TASK") ?? "member-000";
        var root = Environment.GetEnvironmentVariable("FIMCOMPLETE_PROBE_ROOT") ?? Path.Combine(TestPaths.RepoRoot, "tests", "eval", "visible", "src");
        var tasksFile = Environment.GetEnvironmentVariable("FIMCOMPLETE_PROBE_TASKS") ?? Path.Combine(TestPaths.RepoRoot, "tests", "eval", "visible", "tasks.jsonl");
        var task = EvalRunner.ReadTasks(tasksFile, null).First(t => t.Id == id);
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        workspace.SetFolders([root]);
        await workspace.WhenLoaded;
        using var model = Inference.FimModel.Load(Environment.GetEnvironmentVariable("FIMCOMPLETE_BENCH_MODEL") ?? TestPaths.Fixture("mha-manifest"), new Inference.Onnx.InferenceOptions(Inference.Onnx.ExecutionProviderKind.Cpu));
        var engine = CompletionPipeline.WithoutAdaptation(model, workspace);
        var path = Path.GetFullPath(Path.Combine(root, task.File));
        var raw = File.ReadAllText(path);
        var holed = raw.Remove(task.Start, task.End - task.Start);
        var preview = (await engine.CompleteAsync(new Api.CompletionRequest(path, holed, task.Start, new Api.CompletionOptions()), CancellationToken.None)).Prompt!;
        output.WriteLine($"expected: {raw[task.Start..task.End]}");
        output.WriteLine($"multi-line: {preview.MultiLine}; members: {preview.MemberNames.Count}; context types: {string.Join(", ", preview.Context.Types)}");
        output.WriteLine($"prefix {preview.Window.PrefixIds.Length} tokens, suffix {preview.Window.SuffixIds.Length} tokens");
        output.WriteLine("----- prefix -----");
        output.WriteLine(preview.Window.PrefixText + "<CURSOR>");
        output.WriteLine("----- suffix -----");
        output.WriteLine(preview.Window.SuffixText);
        for (var run = 0; run < 2; run++)
        {
            var result = await engine.CompleteAsync(new Api.CompletionRequest(path, holed, task.Start, new Api.CompletionOptions()), CancellationToken.None);
            var t = result.Timings;
            output.WriteLine($"run {run}: total {t.Total.TotalMilliseconds:F0} ms, before generation {t.BeforeGeneration.TotalMilliseconds:F0} (context {t.SemanticContext.TotalMilliseconds:F0}), generation {t.Generation.TotalMilliseconds:F0}, post+rank {t.AfterGeneration.TotalMilliseconds:F0}");
            foreach (var item in result.Items) output.WriteLine($"item {item.Score:F2}: {item.Text}");
        }
    }
}
