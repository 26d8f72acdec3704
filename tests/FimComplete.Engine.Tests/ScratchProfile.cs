using System.Diagnostics;
using FimComplete.Engine.Analysis;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.Context;
using FimComplete.Engine.Evaluation;
using FimComplete.Engine.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

public sealed class ScratchProfile(ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task Profile()
    {
        using var folder = new TempFolder("fim-bench");
        var target = BenchmarkTests.CreateSyntheticWorkspace(folder, 500);
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;
        var original = File.ReadAllText(target);
        var anchor = original.IndexOf("        _lazy ??=", StringComparison.Ordinal);
        var t = new Dictionary<string, List<double>>();
        void Add(string k, double v) { if (!t.TryGetValue(k, out var l)) t[k] = l = []; l.Add(v); }
        workspace.DocumentOpened(target, original);
        for (var iteration = 0; iteration < 80; iteration++)
        {
            var line = $"        var v{iteration} = value * {iteration};\n";
            var text = original.Insert(anchor, line + "        _first.\n");
            var cursor = anchor + line.Length + 8 + "_first.".Length;
            workspace.DocumentChanged(target, text);
            var clock = Stopwatch.StartNew();
            double last = 0;
            void Mark(string k) { var now = clock.Elapsed.TotalMilliseconds; if (iteration >= 20) Add(k, now - last); last = now; }
            var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument(target, text), cursor, CancellationToken.None);
            var site = MemberAccessSite.Find(analysis.Root, cursor)!;
            var model = analysis.SemanticModel;
            Mark("semantic model");
            var type = model.GetTypeInfo(site.Receiver).Type;
            Mark("receiver type");
            var method = analysis.Root.FindToken(cursor).Parent!.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().First();
            foreach (var name in method.DescendantNodes().OfType<SimpleNameSyntax>()) model.GetSymbolInfo(name);
            Mark("names in method");
            var lookup = model.LookupSymbols(site.NameStart, type, includeReducedExtensionMethods: false);
            Mark("lookup members (no ext)");
            var lookupExt = model.LookupSymbols(site.NameStart, type, includeReducedExtensionMethods: true);
            Mark("lookup members (+ext)");
            var names = site.MemberNames(analysis.Document, CancellationToken.None);
            Mark("recommender");
            var types = SemanticContextBuilder.CollectTypes(analysis, site.Receiver, CancellationToken.None);
            Mark("collect types");
            var context = SemanticContextBuilder.Build(analysis, site.Receiver, s => (s.Length + 3) / 4, 110, workspace.DisplayPath, ContextStyle.Code, CancellationToken.None);
            Mark("build (collect + render)");
        }

        foreach (var (k, v) in t) output.WriteLine($"{k}: p50 {EvalMetrics.Percentile(v, 50):F2} p95 {EvalMetrics.Percentile(v, 95):F2}");
    }
}
