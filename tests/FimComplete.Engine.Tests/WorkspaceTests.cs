using System.Diagnostics;
using FimComplete.Engine.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

public sealed class WorkspaceTests(ITestOutputHelper output)
{
    private static readonly CodeWorkspaceOptions NoMSBuild = new() { UseMSBuild = false, WarmUp = false };

    private const string Order = "namespace Shop;\n\npublic class Order\n{\n    public int Id { get; set; }\n    public decimal Total { get; private set; }\n    public void AddLine(string sku, int quantity) { Total += quantity; }\n}\n";

    private const string Service = "namespace Shop;\n\npublic class Service\n{\n    public decimal Run(Order order)\n    {\n        order.AddLine(\"a\", 1);\n        return order.Total;\n    }\n}\n";

    [Fact]
    public async Task A_folder_without_a_project_becomes_an_ad_hoc_project_that_binds()
    {
        using var folder = new TempFolder();
        folder.Write("Models/Order.cs", Order);
        var service = folder.Write("Service.cs", Service);
        folder.Write("bin/Debug/Generated.cs", "class Skipped {}");
        folder.Write("obj/Debug/Generated.cs", "class Skipped {}");
        folder.Write("Big.cs", "// " + new string('x', 1_100_000));
        using var workspace = new CodeWorkspace(TextWriter.Null, NoMSBuild);
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;

        Assert.Equal(WorkspaceLoadState.AdHoc, workspace.Status.State);
        var paths = workspace.CurrentSolution.Projects.SelectMany(p => p.Documents).Select(d => Path.GetFileName(d.FilePath)).ToList();
        Assert.Equal(["Order.cs", "Service.cs"], paths.Order(StringComparer.Ordinal));

        var document = workspace.GetAnalysisDocument(service, Service);
        var compilation = await document.Project.GetCompilationAsync();
        var errors = compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Open_documents_override_the_disk_and_edits_are_incremental()
    {
        using var folder = new TempFolder();
        folder.Write("Models/Order.cs", Order);
        var service = folder.Write("Service.cs", Service);
        using var workspace = new CodeWorkspace(TextWriter.Null, NoMSBuild);
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;

        // The editor sends CRLF; the workspace keeps LF (so offsets match the engine's normalized text).
        var edited = Service.Replace("return order.Total;", "return order.Total + 1;", StringComparison.Ordinal);
        workspace.DocumentOpened(service, Service.Replace("\n", "\r\n", StringComparison.Ordinal));
        var ids = workspace.CurrentSolution.GetDocumentIdsWithFilePath(service);
        var openedText = await Assert.Single(ids.Select(workspace.CurrentSolution.GetDocument))!.GetTextAsync();
        Assert.Equal(Service, openedText.ToString());

        workspace.DocumentChanged(service, edited.Replace("\n", "\r\n", StringComparison.Ordinal));
        var document = Assert.Single(ids.Select(workspace.CurrentSolution.GetDocument));
        var text = await document!.GetTextAsync();
        Assert.Equal(edited, text.ToString());

        // Incremental: the new text is the opened one with only " + 1" inserted (Roslyn then reparses that span), not
        // a fresh text, whose change range against the opened text would cover the whole document.
        var change = Assert.Single(text.GetChangeRanges(openedText));
        Assert.Equal(new TextSpan(Service.IndexOf("return order.Total;", StringComparison.Ordinal) + "return order.Total".Length, 0), change.Span);
        Assert.Equal(" + 1".Length, change.NewLength);

        // The analysis document for the same text is the snapshot's own (its compilation stays cached).
        Assert.Same(document, workspace.GetAnalysisDocument(service, edited));

        workspace.DocumentClosed(service);
        var reverted = await workspace.CurrentSolution.GetDocument(ids[0])!.GetTextAsync();
        Assert.Equal(Service, reverted.ToString());
    }

    [Fact]
    public async Task Files_changed_on_disk_are_picked_up()
    {
        using var folder = new TempFolder();
        var order = folder.Write("Models/Order.cs", Order);
        using var workspace = new CodeWorkspace(TextWriter.Null, NoMSBuild);
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;

        var added = folder.Write("Added.cs", "class Added {}\n");
        File.WriteAllText(order, Order.Replace("AddLine", "AddItem", StringComparison.Ordinal));
        await WaitUntil(() =>
        {
            var solution = workspace.CurrentSolution;
            var orderDocument = solution.GetDocumentIdsWithFilePath(order).Select(solution.GetDocument).FirstOrDefault();
            return !solution.GetDocumentIdsWithFilePath(added).IsEmpty
                && orderDocument!.GetTextAsync().Result.ToString().Contains("AddItem", StringComparison.Ordinal);
        });

        File.Delete(added);
        await WaitUntil(() => workspace.CurrentSolution.GetDocumentIdsWithFilePath(added).IsEmpty);
    }

    [Fact]
    public async Task A_file_outside_the_folders_is_analysed_in_a_miscellaneous_project_with_runtime_references()
    {
        using var workspace = new CodeWorkspace(TextWriter.Null, NoMSBuild);
        var document = workspace.GetAnalysisDocument("/nowhere/Loose.cs", "class Loose { System.Collections.Generic.List<int> Items = new(); }");
        var compilation = await document.Project.GetCompilationAsync();
        Assert.Empty(compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task An_sdk_style_project_loads_with_msbuild()
    {
        using var folder = new TempFolder();
        folder.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n</Project>\n");
        folder.Write("App/Models/Order.cs", Order);
        var service = folder.Write("App/Service.cs", Service.Replace("return order.Total;", "return order.Total + new List<int>().Count;", StringComparison.Ordinal));
        Restore(Path.Combine(folder.Path, "App", "App.csproj"));

        using var log = new StringWriter();
        using var workspace = new CodeWorkspace(TextWriter.Synchronized(log), new CodeWorkspaceOptions { UseMSBuild = true, WarmUp = false, WatchFiles = false });
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;

        output.WriteLine(log.ToString());
        Assert.True(workspace.Status.State == WorkspaceLoadState.Projects, log.ToString());
        var document = workspace.GetAnalysisDocument(service, File.ReadAllText(service));
        Assert.Equal("App", document.Project.Name);
        var compilation = await document.Project.GetCompilationAsync();
        Assert.Empty(compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task An_old_style_framework_project_falls_back_to_the_ad_hoc_workspace()
    {
        using var folder = new TempFolder();
        folder.Write("Legacy/Legacy.csproj", """
            <?xml version="1.0" encoding="utf-8"?>
            <Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <Import Project="$(MSBuildExtensionsPath)\$(MSBuildToolsVersion)\Microsoft.Common.props" Condition="Exists('$(MSBuildExtensionsPath)\$(MSBuildToolsVersion)\Microsoft.Common.props')" />
              <PropertyGroup>
                <Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>
                <OutputType>Library</OutputType>
                <RootNamespace>Legacy</RootNamespace>
                <AssemblyName>Legacy</AssemblyName>
                <TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="System" />
                <Reference Include="System.Core" />
              </ItemGroup>
              <ItemGroup>
                <Compile Include="Models\Order.cs" />
                <Compile Include="Service.cs" />
              </ItemGroup>
              <Import Project="$(MSBuildToolsPath)\Microsoft.CSharp.targets" />
            </Project>
            """);
        folder.Write("Legacy/Models/Order.cs", Order);
        var service = folder.Write("Legacy/Service.cs", Service);

        using var log = new StringWriter();
        using var workspace = new CodeWorkspace(TextWriter.Synchronized(log), new CodeWorkspaceOptions { UseMSBuild = true, WarmUp = false, WatchFiles = false });
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;

        output.WriteLine(log.ToString());
        Assert.True(workspace.Status.State == WorkspaceLoadState.AdHoc, log.ToString());
        var document = workspace.GetAnalysisDocument(service, Service);
        var compilation = await document.Project.GetCompilationAsync();
        Assert.Empty(compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static void Restore(string project)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["restore", project]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "timed out waiting for the file watcher");
            await Task.Delay(100);
        }
    }
}
