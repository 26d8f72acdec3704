using System.Diagnostics;
using System.Security.Cryptography;
using FimComplete.Engine.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

/// <summary>
/// Issue 8 / E1: loading SDK projects with MSBuild (design-time builds) writes nothing into the user's folder: every
/// file is byte-identical afterwards and there is no new file (obj/ and bin/ included); the outputs land in the cache
/// folder, and the restore output the user's obj/ holds is still read (the project reference resolves).
/// </summary>
public sealed class DesignTimeBuildTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Msbuild_design_time_builds_write_nothing_into_the_project_and_references_still_bind()
    {
        using var folder = new TempFolder();
        using var cache = new TempFolder("fim-cache");
        folder.Write("Lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n");
        folder.Write("Lib/Shapes.cs", "namespace Geometry;\n\npublic sealed class Circle\n{\n    public double Radius { get; init; }\n    public double Area() => System.Math.PI * Radius * Radius;\n}\n");
        folder.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <ImplicitUsings>enable</ImplicitUsings>\n    <Nullable>enable</Nullable>\n    <GenerateDocumentationFile>true</GenerateDocumentationFile>\n  </PropertyGroup>\n  <ItemGroup>\n    <ProjectReference Include=\"../Lib/Lib.csproj\" />\n  </ItemGroup>\n</Project>\n");
        folder.Write("App/Models/Order.cs", "namespace Shop;\n\npublic class Order\n{\n    public decimal Total { get; set; }\n}\n");
        const string service = "namespace Shop;\n\npublic class Service\n{\n    public decimal Run(Order order, Geometry.Circle circle) => order.Total + (decimal)circle.Area() + new List<int>().Count;\n}\n";
        var servicePath = folder.Write("App/Service.cs", service);
        Restore(Path.Combine(folder.Path, "App", "App.csproj"));
        Assert.True(File.Exists(Path.Combine(folder.Path, "App", "obj", "project.assets.json")));
        var before = Snapshot(folder.Path);

        using var log = new StringWriter();
        using (var workspace = new CodeWorkspace(TextWriter.Synchronized(log), new CodeWorkspaceOptions { UseMSBuild = true, WarmUp = false, WatchFiles = false, CacheDirectory = cache.Path }))
        {
            workspace.SetFolders([folder.Path]);
            await workspace.WhenLoaded;
            output.WriteLine(log.ToString());
            Assert.True(workspace.Status.State == WorkspaceLoadState.Projects, log.ToString());

            var document = workspace.GetAnalysisDocument(servicePath, service);
            Assert.Equal("App", document.Project.Name);
            Assert.Contains(document.Project.ProjectReferences, r => workspace.CurrentSolution.GetProject(r.ProjectId)?.Name == "Lib");
            var compilation = await document.Project.GetCompilationAsync();
            Assert.Empty(compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            // The parameters' types bind: Order from another file of the project, Circle through the project reference.
            var model = (await document.GetSemanticModelAsync())!;
            var root = (await document.GetSyntaxRootAsync())!;
            var types = root.DescendantNodes().OfType<ParameterSyntax>().Select(p => model.GetTypeInfo(p.Type!).Type!.ToDisplayString()).ToList();
            Assert.Equal(["Shop.Order", "Geometry.Circle"], types);
        }

        var after = Snapshot(folder.Path);
        var added = after.Keys.Except(before.Keys).ToList();
        var changed = before.Where(f => !after.TryGetValue(f.Key, out var hash) || hash != f.Value).Select(f => f.Key).ToList();
        var emptyFolders = Directory.EnumerateDirectories(folder.Path, "*", SearchOption.AllDirectories).Where(d => !Directory.EnumerateFileSystemEntries(d).Any()).ToList();
        output.WriteLine($"{before.Count} files before; added: [{string.Join(", ", added)}]; changed: [{string.Join(", ", changed)}]; empty folders: [{string.Join(", ", emptyFolders)}]");
        Assert.Empty(added);
        Assert.Empty(changed);
        Assert.Empty(emptyFolders);

        // The design-time builds' outputs went to the cache, one folder per project.
        var cached = Directory.EnumerateFiles(cache.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(cache.Path, f).Replace('\\', '/')).ToList();
        output.WriteLine("cache: " + string.Join(", ", cached));
        Assert.Contains(cached, f => f.StartsWith("msbuild/projects/App-", StringComparison.Ordinal) && f.EndsWith("App.AssemblyInfo.cs", StringComparison.Ordinal));
        Assert.Contains(cached, f => f.StartsWith("msbuild/projects/Lib-", StringComparison.Ordinal));
        Assert.DoesNotContain("cannot be imported again", log.ToString(), StringComparison.Ordinal);
    }

    private static SortedDictionary<string, string> Snapshot(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            result[Path.GetRelativePath(folder, file).Replace('\\', '/')] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return result;
    }

    private static void Restore(string project)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["restore", project]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
