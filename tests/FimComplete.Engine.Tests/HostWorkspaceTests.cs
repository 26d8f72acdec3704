using FimComplete.Engine.Api;
using FimComplete.Evaluation;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Tests;

public sealed class HostWorkspaceTests
{
    private static readonly CodeWorkspaceOptions Options = new() { UseMSBuild = false, WatchFiles = false };

    [Fact]
    public async Task The_host_completes_with_context_and_constraint_from_its_workspace_folders()
    {
        using var folder = new TempFolder();
        folder.Write("Models/Order.cs", ContextTests.Order);
        folder.Write("Models/Customer.cs", ContextTests.Customer);
        var (text, cursor) = Caret.Split(ContextTests.Service);
        var path = folder.Write("Services/CheckoutService.cs", text);

        using var host = new EngineHost(TextWriter.Null, Options);
        await host.LoadAsync(new ModelSettings(TestPaths.Fixture("mha-manifest"), "cpu"), CancellationToken.None);
        host.SetWorkspaceFolders([folder.Path]);
        await host.WaitForWorkspaceAsync(CancellationToken.None);
        Assert.Equal(WorkspaceLoadState.AdHoc, host.Workspace.Status.State);

        host.DocumentOpened(path, text);
        var options = new CompletionOptions { MaxNewTokens = 8, Candidates = 2, ContextTokens = 256 };
        var result = await host.CompleteAsync(new CompletionRequest(path, text, cursor, options), CancellationToken.None);
        Assert.True(result.Timings.Constrained);
        Assert.True(result.Timings.ContextTokens > 0);

        var plain = await host.CompleteAsync(new CompletionRequest(path, text, cursor, options with { UseContext = false, UseConstraint = false }), CancellationToken.None);
        Assert.False(plain.Timings.Constrained);
        Assert.Equal(0, plain.Timings.ContextTokens);
    }

    [Fact]
    public async Task The_engine_warm_up_runs_after_a_load_and_leaves_the_hosts_documents_alone()
    {
        var log = new StringWriter();
        using var host = new EngineHost(TextWriter.Synchronized(log), Options) { WarmUpEngine = true };
        var before = host.DocumentState;
        await host.LoadAsync(new ModelSettings(TestPaths.Fixture("mha-manifest"), "cpu"), CancellationToken.None);
        await host.WarmUp.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Contains("Warm-up: 3 completions", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, host.DocumentState);
        var text = "class A\n{\n    int M() => 1;\n}\n";
        var result = await host.CompleteAsync(new CompletionRequest("/tmp/warm-up-test/A.cs", text, text.IndexOf("1;", StringComparison.Ordinal), new CompletionOptions { MaxNewTokens = 4 }), CancellationToken.None);
        Assert.NotNull(result);
    }

    [Fact]
    public async Task Without_the_option_a_load_starts_no_warm_up()
    {
        var log = new StringWriter();
        using var host = new EngineHost(TextWriter.Synchronized(log), Options);
        await host.LoadAsync(new ModelSettings(TestPaths.Fixture("mha-manifest"), "cpu"), CancellationToken.None);
        Assert.True(host.WarmUp.IsCompleted);
        Assert.DoesNotContain("Warm-up", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_in_a_method_body_reuses_the_warm_compilation()
    {
        using var folder = new TempFolder();
        folder.Write("Models/Order.cs", ContextTests.Order);
        var (text, cursor) = Caret.Split(ContextTests.Service);
        var path = folder.Write("Services/CheckoutService.cs", text);
        using var workspace = new CodeWorkspace(TextWriter.Null, Options);
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;
        workspace.DocumentOpened(path, text);

        var first = Analysis.DocumentAnalysis.Create(workspace.GetAnalysisDocument(path, text), cursor, workspace.Semantics, CancellationToken.None);
        Assert.False(first.Semantic.Speculative);
        var typed = text.Insert(cursor, "AddLine(\"x\", 2);\n        order.");
        workspace.DocumentChanged(path, typed);
        var next = Analysis.DocumentAnalysis.Create(workspace.GetAnalysisDocument(path, typed), cursor + "AddLine(\"x\", 2);\n        order.".Length, workspace.Semantics, CancellationToken.None);
        Assert.True(next.Semantic.Speculative);
        Assert.Same(first.SemanticModel.Compilation, next.SemanticModel.Compilation);

        // A declaration change (a new method) needs a new compilation.
        var declared = typed.Replace("    private int Helper() => 3;", "    private int Helper() => 3;\n    private int Other() => 4;", StringComparison.Ordinal);
        workspace.DocumentChanged(path, declared);
        var after = Analysis.DocumentAnalysis.Create(workspace.GetAnalysisDocument(path, declared), cursor + "AddLine(\"x\", 2);\n        order.".Length, workspace.Semantics, CancellationToken.None);
        Assert.False(after.Semantic.Speculative);
        Assert.NotSame(first.SemanticModel.Compilation, after.SemanticModel.Compilation);
    }

    [Fact]
    public async Task The_eval_runner_uses_the_hosts_workspace()
    {
        using var folder = new TempFolder();
        folder.Write("Models/Order.cs", ContextTests.Order);
        var (text, _) = Caret.Split(ContextTests.Service);
        var full = text.Replace("order.\n", "order.AddLine(\"a\");\n", StringComparison.Ordinal);
        folder.Write("Services/CheckoutService.cs", full);
        var start = full.IndexOf("AddLine(\"a\");", StringComparison.Ordinal);
        var tasks = new[] { new EvalTask("t1", "Services/CheckoutService.cs", start, start + "AddLine(\"a\");".Length, "member") };

        using var host = new EngineHost(TextWriter.Null, Options);
        await host.LoadAsync(new ModelSettings(TestPaths.Fixture("mha-manifest"), "cpu"), CancellationToken.None);
        var report = await new EvalRunner(host, new CompletionOptions { MaxNewTokens = 8, Candidates = 1 }, TextWriter.Null).RunAsync(folder.Path, tasks, CancellationToken.None);
        Assert.Equal(1, report.Summary.Tasks);
        Assert.Equal([folder.Path], host.Workspace.Folders);
        Assert.Equal(2, host.Workspace.CurrentSolution.Projects.Sum(p => p.DocumentIds.Count));
    }
}
