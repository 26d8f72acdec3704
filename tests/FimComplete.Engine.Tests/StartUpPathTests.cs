using FimComplete.Engine.Workspace;
using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Tests;

/// <summary>The first completion in a project does not wait for the project to compile, and MSBuild's problems are
/// told once per project in plain words.</summary>
public sealed class StartUpPathTests
{
    private const string Order = "namespace Shop;\n\npublic class Order\n{\n    public decimal Total { get; private set; }\n}\n";

    private const string Service = "using System;\n\nnamespace Shop;\n\npublic class Service\n{\n    public decimal Run(Order order)\n    {\n        Console.WriteLine(order);\n        return order.Total;\n    }\n}\n";

    [Fact]
    public async Task Before_its_project_compiled_a_document_is_analysed_alone_then_in_the_whole_project()
    {
        using var folder = new TempFolder();
        folder.Write("Order.cs", Order);
        var service = folder.Write("Service.cs", Service);
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WarmUp = false, WatchFiles = false, DocumentOnlyUntilCompiled = true });
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;

        var first = workspace.GetAnalysisDocument(service, Service);
        Assert.EndsWith(DocumentOnlyAnalysis.NameSuffix, first.Project.Name, StringComparison.Ordinal);
        Assert.Single(first.Project.Documents);
        // The runtime's names bind in the one-file copy; the other file's (Order) come with the whole project.
        var model = await first.GetSemanticModelAsync();
        var errors = model!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        Assert.Contains("CS0246", errors); // Order: not in this file
        Assert.DoesNotContain(model.GetDiagnostics(), d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("Console", StringComparison.Ordinal));

        // The project compiles in the background; then requests see the whole project.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Document later;
        do
        {
            await Task.Delay(50);
            later = workspace.GetAnalysisDocument(service, Service);
        }
        while (later.Project.Name.EndsWith(DocumentOnlyAnalysis.NameSuffix, StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.False(later.Project.Name.EndsWith(DocumentOnlyAnalysis.NameSuffix, StringComparison.Ordinal));
        var full = await later.GetSemanticModelAsync();
        Assert.DoesNotContain(full!.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public async Task Without_the_option_the_whole_project_is_used_at_once()
    {
        using var folder = new TempFolder();
        folder.Write("Order.cs", Order);
        var service = folder.Write("Service.cs", Service);
        using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WarmUp = false, WatchFiles = false });
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;
        Assert.Equal(2, workspace.GetAnalysisDocument(service, Service).Project.Documents.Count());
    }

    [Fact]
    public void MSBuild_problems_are_one_plain_line_per_project()
    {
        var problems = new MSBuildProblems();
        problems.Add("Msbuild failed when processing the file '/w/Legacy/Legacy.csproj' with message: The reference assemblies for .NETFramework,Version=v4.0 were not found.");
        problems.Add("Msbuild failed when processing the file '/w/Legacy/Legacy.csproj' with message: The reference assemblies for .NETFramework,Version=v4.0 were not found.");
        problems.Add("Found project reference without a matching metadata reference: /w/Api/../Missing/Missing.csproj");
        var lines = problems.Summaries(file => file.EndsWith("Missing.csproj", StringComparison.Ordinal));
        Assert.Equal(
            [
                "project Legacy.csproj: references not loaded, completions use this folder's files only (reference assemblies for .NETFramework,Version=v4.0 are not installed)",
                "project Missing.csproj: some references not loaded, names from them may be unknown to completions (a referenced project or file is missing)",
            ],
            lines.OrderBy(l => l, StringComparer.Ordinal));
    }
}
