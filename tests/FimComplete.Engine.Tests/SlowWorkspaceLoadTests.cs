using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Tests;

/// <summary>
/// The first suggestion after a folder opens must not wait for the workspace (scan, MSBuild, compilation): the load is
/// held back here with a gate that only the test opens, so "before the load finishes" is a fact, not a timing.
/// </summary>
public sealed class SlowWorkspaceLoadTests
{
    private const string Declared = """
        namespace Shop.Models;

        public sealed class Invoice
        {
            public decimal Total { get; set; }

            public void AddFee(decimal fee) => Total += fee;
        }
        """;

    private const string Document = """
        using Shop.Models;

        namespace Shop;

        public sealed class Billing
        {
            public decimal Charge(Invoice invoice, decimal fee)
            {
                var total = 0m;
                for (var i = 0; i < 3; i++)
                {
                    total += fee;
                }

                invoice.|
            }
        }
        """;

    [Fact]
    public async Task A_request_while_the_workspace_is_still_loading_gets_items_from_the_open_document_and_cross_file_context_follows()
    {
        using var folder = new TempFolder();
        folder.Write("Models/Invoice.cs", Declared);
        var (text, cursor) = Caret.Split(Document.Replace("\r\n", "\n", StringComparison.Ordinal));
        var path = folder.Write("Billing.cs", text);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loadStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new CodeWorkspaceOptions
        {
            UseMSBuild = false,
            WatchFiles = false,
            DocumentOnlyUntilCompiled = true,
            BeforeLoad = async token =>
            {
                loadStarted.TrySetResult();
                await gate.Task.WaitAsync(token).ConfigureAwait(false);
            },
        };
        using var host = new EngineHost(TextWriter.Null, options);
        await host.LoadAsync(new ModelSettings(TestPaths.DefaultModel, "cpu"), CancellationToken.None);
        Assert.Equal(ModelState.Ready, host.Status.State);
        host.SetWorkspaceFolders([folder.Path]);
        host.DocumentOpened(path, text);
        await loadStarted.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var request = new CompletionRequest(path, text, cursor, new CompletionOptions { MaxNewTokens = 12, Candidates = 2 });
        var first = await host.CompleteAsync(request, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        // Answered while the load is still held: items from the open document alone, no other file known yet.
        Assert.False(host.Workspace.WhenLoaded.IsCompleted);
        Assert.NotEmpty(first.Items);
        Assert.DoesNotContain(host.Workspace.CurrentSolution.Projects.SelectMany(p => p.Documents), d => d.Name == "Invoice.cs");

        gate.SetResult();
        await host.WaitForWorkspaceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(WorkspaceLoadState.AdHoc, host.Workspace.Status.State);
        await WhenCompiledAsync(host, path, text, cursor);

        // Once the workspace is there, the member constraint and the cross-file context see Invoice's members.
        var later = await host.CompleteAsync(request, CancellationToken.None);
        Assert.NotEmpty(later.Items);
        Assert.True(later.Timings.Constrained);
        Assert.True(later.Timings.ContextTokens > 0);
        Assert.Contains(later.Items, i => i.Text.StartsWith("Total", StringComparison.Ordinal) || i.Text.StartsWith("AddFee", StringComparison.Ordinal));
    }

    /// <summary>The one-file copy answers until the project has compiled in the background; wait for that (the
    /// background compile starts on the first request that finds the project not compiled).</summary>
    private static async Task WhenCompiledAsync(EngineHost host, string path, string text, int cursor)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var document = host.Workspace.GetAnalysisDocument(path, text);
            if (!document.Project.Name.EndsWith(DocumentOnlyAnalysis.NameSuffix, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The project of {path} did not compile in the background (cursor {cursor}).");
    }
}
