using FimComplete.Engine.Hosting;
using FimComplete.Engine.Api;
using FimComplete.Engine.Tests.Support;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

/// <summary>
/// The workspace and the completion core over files held in memory, under a root that does not exist on disk: what
/// they know of the user's code comes through <see cref="IWorkspaceFileSystem"/> only.
/// </summary>
public sealed class InMemoryWorkspaceTests(ITestOutputHelper output)
{
    private const string ShopProject = "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>";

    private static readonly string[] OrderMembers = ["AddLine", "Total", "Lines", "Recalculate", "Id"];

    [Fact]
    public async Task The_real_completion_path_runs_over_an_in_memory_workspace_as_over_the_same_files_on_disk()
    {
        var files = new InMemoryFileSystem();
        var root = Path.Combine(InMemoryFileSystem.NonexistentRoot(), "Shop");
        var (memoryPath, text, cursor) = WriteShop((relative, content) => files.Write(Path.Combine(root, relative), content));
        var options = new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false, WarmUp = false };
        using var memory = new CodeWorkspace(TextWriter.Null, options, files, new InMemoryFileChanges(), new RecordingProjectLoader());
        memory.SetFolders([root]);
        await memory.WhenLoaded;

        Assert.Equal([root], memory.Folders);
        Assert.Equal(WorkspaceLoadState.AdHoc, memory.Status.State);
        Assert.False(Directory.Exists(root));
        var orderPath = Path.Combine(root, "Models", "Order.cs");
        Assert.False(memory.CurrentSolution.GetDocumentIdsWithFilePath(orderPath).IsEmpty);

        using var folder = new TempFolder();
        var (diskPath, _, _) = WriteShop(folder.Write);
        using var disk = new CodeWorkspace(TextWriter.Null, options);
        disk.SetFolders([folder.Path]);
        await disk.WhenLoaded;

        using var model = FimModel.Load(TestPaths.DefaultModel, new InferenceOptions(ExecutionProviderKind.Cpu));
        var request = new CompletionOptions { LinePolicy = LinePolicy.SingleLine, Candidates = 3 };
        var fromMemory = await CompletionPipeline.WithoutAdaptation(model, memory).CompleteAsync(new CompletionRequest(memoryPath, text, cursor, request), CancellationToken.None);
        var fromDisk = await CompletionPipeline.WithoutAdaptation(model, disk).CompleteAsync(new CompletionRequest(diskPath, text, cursor, request), CancellationToken.None);
        output.WriteLine(string.Join("\n", fromMemory.Items.Select(i => i.Text)));

        Assert.NotEmpty(fromMemory.Items);
        Assert.Contains(fromMemory.Items, i => OrderMembers.Any(m => i.Text.StartsWith(m, StringComparison.Ordinal)));
        Assert.Equal(fromDisk.Items.Select(i => i.Text), fromMemory.Items.Select(i => i.Text));
        // Order.cs was read, from memory, for the completion at `order.`.
        Assert.Contains(orderPath, files.Reads);
    }

    [Fact]
    public async Task An_untrusted_workspace_never_loads_its_projects_and_a_trusted_one_asks_the_project_loader()
    {
        var files = new InMemoryFileSystem();
        var root = Path.Combine(InMemoryFileSystem.NonexistentRoot(), "Shop");
        WriteShop((relative, content) => files.Write(Path.Combine(root, relative), content));
        var loader = new RecordingProjectLoader();
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { WatchFiles = false, WarmUp = false }, files, new InMemoryFileChanges(), loader);
        workspace.SetFolders([root]);
        await workspace.WhenLoaded;

        Assert.False(workspace.IsTrusted);
        Assert.Equal(0, loader.Calls);
        Assert.Contains("workspace not trusted", workspace.Status.Message, StringComparison.Ordinal);

        workspace.TrustWorkspace();
        await workspace.WhenLoaded;

        Assert.Equal(1, loader.Calls);
        Assert.Equal(WorkspaceLoadState.AdHoc, workspace.Status.State);
        Assert.Contains("MSBuild could not load the projects (ad-hoc workspace kept)", workspace.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_changed_in_memory_reach_the_workspace_and_a_closed_document_goes_back_to_them()
    {
        var files = new InMemoryFileSystem();
        var root = Path.Combine(InMemoryFileSystem.NonexistentRoot(), "Shop");
        WriteShop((relative, content) => files.Write(Path.Combine(root, relative), content));
        var changes = new InMemoryFileChanges();
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WarmUp = false }, files, changes, new RecordingProjectLoader());
        workspace.SetFolders([root]);
        await workspace.WhenLoaded;
        Assert.Equal(1, changes.Watching);

        var invoice = files.Write(Path.Combine(root, "Models", "Invoice.cs"), "namespace Shop.Models;\npublic class Invoice { }\n");
        changes.Raise(invoice);
        Assert.True(await Eventually(() => !workspace.CurrentSolution.GetDocumentIdsWithFilePath(invoice).IsEmpty), "the created file never reached the workspace");

        var order = Path.Combine(root, "Models", "Order.cs");
        workspace.DocumentOpened(order, "namespace Shop.Models;\npublic class Order { }\n");
        Assert.Equal("namespace Shop.Models;\npublic class Order { }\n", await TextOf(workspace, order));
        workspace.DocumentClosed(order);
        Assert.Equal(ContextTests.Order, await TextOf(workspace, order));

        files.Delete(invoice);
        changes.Raise(invoice);
        Assert.True(await Eventually(() => workspace.CurrentSolution.GetDocumentIdsWithFilePath(invoice).IsEmpty), "the deleted file stayed in the workspace");
    }

    private static (string Path, string Text, int Cursor) WriteShop(Func<string, string, string> write)
    {
        write("Shop.csproj", ShopProject);
        write(Path.Combine("Models", "Order.cs"), ContextTests.Order);
        write(Path.Combine("Models", "Customer.cs"), ContextTests.Customer);
        var (text, cursor) = Caret.Split(ContextTests.Service);
        return (write(Path.Combine("Services", "CheckoutService.cs"), text), text, cursor);
    }

    private static async Task<string> TextOf(CodeWorkspace workspace, string path)
    {
        var solution = workspace.CurrentSolution;
        var document = solution.GetDocument(solution.GetDocumentIdsWithFilePath(path).Single())!;
        return (await document.GetTextAsync()).ToString();
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }
}
