using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Tests;

/// <summary>Issue 24: what an untrusted workspace can make the engine read or run.</summary>
public sealed class WorkspaceTrustScanTests
{
    [Fact]
    public void Files_linked_to_outside_the_workspace_are_left_out_and_links_inside_are_kept()
    {
        using var outside = new TempFolder("fim-outside");
        using var folder = new TempFolder("fim-ws");
        var secret = outside.Write("id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        var real = folder.Write("Real.cs", "class Real {}\n");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "Keys.cs"), secret);
        File.CreateSymbolicLink(Path.Combine(folder.Path, "Alias.cs"), real);
        File.CreateSymbolicLink(Path.Combine(folder.Path, "Dangling.cs"), Path.Combine(outside.Path, "missing.cs"));

        var alias = new FileInfo(Path.Combine(folder.Path, "Alias.cs"));
        Assert.False(WorkspaceScanner.LinksOutside(folder.Path, alias.FullName), $"{alias.LinkTarget} -> {alias.ResolveLinkTarget(true)?.FullName} under {folder.Path}");
        var scan = WorkspaceScanner.ScanSourceFiles(folder.Path, new WorkspaceLimits(), CancellationToken.None);
        Assert.True(scan.Files.Count == 2, string.Join("; ", scan.Skipped.Select(s => s.Path + ": " + s.Reason)));
        var files = WorkspaceScanner.FindSourceFiles(folder.Path, new WorkspaceLimits(), CancellationToken.None).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["Alias.cs", "Real.cs"], files);
        Assert.True(WorkspaceScanner.LinksOutside(folder.Path, Path.Combine(folder.Path, "Keys.cs")));
        Assert.False(WorkspaceScanner.LinksOutside(folder.Path, real));
    }

    [Fact]
    public async Task An_untrusted_workspace_does_not_load_its_projects_until_trusted()
    {
        using var folder = new TempFolder();
        folder.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n");
        folder.Write("App/Program.cs", "class Program {}\n");
        using var log = new StringWriter();
        using var workspace = new CodeWorkspace(TextWriter.Synchronized(log), new CodeWorkspaceOptions { WarmUp = false, WatchFiles = false });

        Assert.False(workspace.IsTrusted);
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;
        Assert.Equal(WorkspaceLoadState.AdHoc, workspace.Status.State);
        Assert.False(workspace.Status.Loading);
        Assert.Contains("workspace not trusted: project files are not loaded", workspace.Status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MSBuild", log.ToString(), StringComparison.Ordinal);

        workspace.TrustWorkspace();
        Assert.True(workspace.IsTrusted);
        Assert.Contains("loading its projects with MSBuild", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("project file(s) with MSBuild", await WaitForLogAsync(log, "project file(s) with MSBuild"), StringComparison.Ordinal);
    }

    private static async Task<string> WaitForLogAsync(StringWriter log, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!log.ToString().Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return log.ToString();
    }
}
