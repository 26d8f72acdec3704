using System.Diagnostics;
using System.Text;
using FimComplete.Engine.Analysis;
using FimComplete.Engine.Api;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.Context;
using FimComplete.Evaluation;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Ranking;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

/// <summary>A fact that runs only with FIMCOMPLETE_BENCH=1 (measurements, no timing assertions).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("FIMCOMPLETE_BENCH") != "1")
        {
            Skip = "Measurement: set FIMCOMPLETE_BENCH=1 to run.";
        }
    }
}

public sealed class BenchmarkTests(ITestOutputHelper output)
{
    /// <summary>A synthetic workspace: <paramref name="files"/> classes in 20 namespaces, each with fields of other
    /// classes' types, properties and methods that call them.</summary>
    internal static string CreateSyntheticWorkspace(TempFolder folder, int files)
    {
        for (var i = 0; i < files; i++)
        {
            var ns = $"Synth.Area{i % 20}";
            var usings = string.Concat(Enumerable.Range(0, 20).Where(k => k != i % 20).Select(k => $"using Synth.Area{k};\n"));
            var a = (i + 1) % files;
            var b = (i + 7) % files;
            var c = (i + 31) % files;
            var builder = new StringBuilder();
            builder.Append($"using System;\nusing System.Collections.Generic;\nusing System.Linq;\n{usings}\nnamespace {ns};\n\n");
            builder.Append($"/// <summary>Component {i}.</summary>\npublic class Component{i} : IComparable<Component{i}>\n{{\n");
            builder.Append($"    private readonly Component{a} _first = new();\n    private readonly List<Component{b}> _items = new();\n    private Component{c}? _lazy;\n\n");
            builder.Append($"    public int Id {{ get; set; }}\n    public string Name {{ get; set; }} = \"c{i}\";\n    public IReadOnlyList<Component{b}> Items => _items;\n\n");
            for (var m = 0; m < 8; m++)
            {
                builder.Append($"    public int Compute{m}(int value, string label)\n    {{\n        var total = value + _first.Id;\n        foreach (var item in _items)\n        {{\n            total += item.Compute{(m + 1) % 8}(value, label);\n        }}\n\n        _lazy ??= new Component{c}();\n        return total + _lazy.Name.Length + label.Length;\n    }}\n\n");
            }

            builder.Append($"    public int CompareTo(Component{i}? other) => Id.CompareTo(other?.Id ?? 0);\n}}\n");
            folder.Write($"src/Area{i % 20}/Component{i}.cs", builder.ToString());
        }

        return Path.Combine(folder.Path, "src", "Area0", "Component0.cs");
    }

    private static (double P50, double P95) Percentiles(List<double> values) => (EvalMetrics.Percentile(values, 50), EvalMetrics.Percentile(values, 95));

    [BenchmarkFact]
    public async Task Context_build_on_a_500_file_workspace()
    {
        using var folder = new TempFolder("fim-bench");
        var target = CreateSyntheticWorkspace(folder, 500);
        var load = Stopwatch.StartNew();
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;
        output.WriteLine($"load + warm-up: {load.Elapsed.TotalMilliseconds:F0} ms, {workspace.Status.Documents} documents");

        var original = File.ReadAllText(target);
        var anchor = original.IndexOf("        _lazy ??=", StringComparison.Ordinal);
        var analysisTimes = new List<double>();
        var contextTimes = new List<double>();
        var membersTimes = new List<double>();
        var totalTimes = new List<double>();
        var rankTimes = new List<double>();
        var typed = "_first.";
        var speculative = 0;
        workspace.DocumentOpened(target, original);
        for (var iteration = 0; iteration < 120; iteration++)
        {
            // The user types a line, then `_first.`: every request is on a new version of the document.
            var line = $"        var v{iteration} = value * {iteration};\n";
            var text = original.Insert(anchor, line + "        " + typed + "\n");
            var cursor = anchor + line.Length + 8 + typed.Length;
            workspace.DocumentChanged(target, text);

            var clock = Stopwatch.StartNew();
            var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument(target, text), cursor, workspace.Semantics, CancellationToken.None);
            var site = MemberAccessSite.Find(analysis.Root, cursor)!;
            if (analysis.Semantic.Speculative) speculative++;
            var analysed = clock.Elapsed.TotalMilliseconds;
            var context = SemanticContextBuilder.Build(analysis, site.Receiver, t => (t.Length + 3) / 4, 110, workspace.DisplayPath, ContextStyle.Code, CancellationToken.None);
            var contextDone = clock.Elapsed.TotalMilliseconds;
            var names = site.MemberNames(analysis.SemanticModel, completeProject: false, CancellationToken.None);
            var membersDone = clock.Elapsed.TotalMilliseconds;
            var checker = new SpliceChecker(analysis);
            var ranked = CandidateRanker.Rank([("Compute1(value, label);", -0.5, true), ("Missing(value);", -0.4, true), ("Name.Length;", -0.9, false)], checker, true, CancellationToken.None);
            var rankDone = clock.Elapsed.TotalMilliseconds;
            Assert.Contains("Compute3", names);
            Assert.NotEmpty(context.Text);
            Assert.NotEmpty(ranked);

            if (iteration >= 20)
            {
                analysisTimes.Add(analysed);
                contextTimes.Add(contextDone - analysed);
                membersTimes.Add(membersDone - contextDone);
                totalTimes.Add(membersDone);
                rankTimes.Add(rankDone - membersDone);
            }

            if (iteration == 119)
            {
                output.WriteLine(context.Text);
            }
        }

        // Cold path: every request follows a declaration edit (a new field), so it needs a new compilation.
        var cold = new List<double>();
        var fieldAnchor = original.IndexOf("    public int Id", StringComparison.Ordinal);
        for (var iteration = 0; iteration < 30; iteration++)
        {
            var text = original.Insert(anchor, "        _first.\n").Insert(fieldAnchor, $"    private int _added{iteration};\n");
            var cursor = text.IndexOf("        _first.\n", StringComparison.Ordinal) + "        _first.".Length;
            workspace.DocumentChanged(target, text);
            var clock = Stopwatch.StartNew();
            var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument(target, text), cursor, workspace.Semantics, CancellationToken.None);
            var site = MemberAccessSite.Find(analysis.Root, cursor)!;
            _ = SemanticContextBuilder.Build(analysis, site.Receiver, t => (t.Length + 3) / 4, 110, workspace.DisplayPath, ContextStyle.Code, CancellationToken.None);
            _ = site.MemberNames(analysis.SemanticModel, completeProject: false, CancellationToken.None);
            Assert.False(analysis.Semantic.Speculative);
            if (iteration >= 5) cold.Add(clock.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"after a declaration edit (new compilation) analysis + context + members: p50 {Percentiles(cold).P50:F2} ms, p95 {Percentiles(cold).P95:F2} ms (n={cold.Count})");
        output.WriteLine($"speculative (warm base) models: {speculative} of 120 requests");
        foreach (var (name, values) in new[] { ("analysis (fork, parse, semantic model)", analysisTimes), ("context builder", contextTimes), ("member lookup", membersTimes), ("analysis + context + members", totalTimes), ("ranking of 3 candidates", rankTimes) })
        {
            var (p50, p95) = Percentiles(values);
            output.WriteLine($"{name}: p50 {p50:F2} ms, p95 {p95:F2} ms (n={values.Count})");
        }
    }

    [BenchmarkFact]
    public async Task End_to_end_latency_with_context_on_a_500_file_workspace()
    {
        using var folder = new TempFolder("fim-bench");
        var target = CreateSyntheticWorkspace(folder, 500);
        var modelPath = Environment.GetEnvironmentVariable("FIMCOMPLETE_BENCH_MODEL") ?? TestPaths.Fixture("mha-manifest");
        using var host = new EngineHost(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        await host.LoadAsync(new ModelSettings(modelPath, "cpu"), CancellationToken.None);
        Assert.Equal(ModelState.Ready, host.Status.State);
        host.SetWorkspaceFolders([folder.Path]);
        await host.WaitForWorkspaceAsync(CancellationToken.None);

        var original = File.ReadAllText(target);
        var anchor = original.IndexOf("        _lazy ??=", StringComparison.Ordinal);
        foreach (var (label, options) in new[]
        {
            ("all on", new CompletionOptions()),
            ("no context", new CompletionOptions { UseContext = false }),
            ("all off", new CompletionOptions { UseContext = false, UseConstraint = false, UseRanking = false }),
        })
        {
            var totals = new List<double>();
            var before = new List<double>();
            var generation = new List<double>();
            var after = new List<double>();
            for (var iteration = 0; iteration < 40; iteration++)
            {
                var line = $"        var v{iteration} = value * {iteration};\n";
                var text = original.Insert(anchor, line + "        _first.\n");
                var cursor = anchor + line.Length + 8 + "_first.".Length;
                host.DocumentChanged(target, text);
                var result = await host.CompleteAsync(new CompletionRequest(target, text, cursor, options), CancellationToken.None);
                if (iteration >= 5)
                {
                    totals.Add(result.Timings.Total.TotalMilliseconds);
                    before.Add(result.Timings.BeforeGeneration.TotalMilliseconds);
                    generation.Add(result.Timings.Generation.TotalMilliseconds);
                    after.Add(result.Timings.AfterGeneration.TotalMilliseconds);
                }
            }

            output.WriteLine($"{label}: total p50 {Percentiles(totals).P50:F1} / p95 {Percentiles(totals).P95:F1} ms; before generation p50 {Percentiles(before).P50:F1} / p95 {Percentiles(before).P95:F1}; generation p50 {Percentiles(generation).P50:F1}; post+rank p50 {Percentiles(after).P50:F1} / p95 {Percentiles(after).P95:F1}");
        }

        output.WriteLine($"model: {modelPath}; machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {DateTime.UtcNow:yyyy-MM-dd}");
    }
}
