using System.Diagnostics;
using System.Text.Json;
using FimComplete.Hardening.Tests.Infrastructure;

namespace FimComplete.Hardening.Tests;

/// <summary>
/// Issue 24: opening a folder never runs its code. The folder holds a <c>Directory.Build.targets</c> whose target runs
/// an <c>Exec</c> (writing a marker file under a temporary folder outside the workspace) before
/// ResolveAssemblyReferences and CoreCompile, which MSBuild's design-time build runs; its project references a library
/// outside the folder. Through the real server over stdio: untrusted (the default) there is no marker and completions
/// still come; trusted, the project loads with MSBuild (the marker appears, as expected of a trusted project, and the
/// project reference brings in the library); trust granted mid-session switches to MSBuild without a restart.
/// </summary>
public class WorkspaceTrustTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MSBuildTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task An_untrusted_folder_runs_none_of_its_code_and_completions_still_work()
    {
        using var fixture = MaliciousFolder.Create();
        await using var server = await TestServer.StartReadyAsync(fixture.Workspace);
        var client = server.Client;

        var adHoc = await WaitForLogAsync(client, "[workspace] Ad-hoc workspace:", TimeSpan.FromMinutes(2));
        var items = await CompleteProbeAsync(client, fixture);

        // The ad-hoc load is complete (the server says it will not load the project); give a stray build time to show.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Measurements.Record(output, "trust-untrusted", new { adHoc, items = items.GetArrayLength(), markers = fixture.Markers() });
        Assert.Contains("workspace not trusted: project files are not loaded", adHoc, StringComparison.Ordinal);
        Assert.True(items.GetArrayLength() > 0, "no completion items in the untrusted folder:\n" + server.Log);
        Assert.Empty(fixture.Markers());
        Assert.DoesNotContain("MSBuild workspace:", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("project file(s) with MSBuild", server.Log, StringComparison.Ordinal);
        Assert.Equal(0, await server.ShutdownAsync());
        Assert.Empty(fixture.Markers());
    }

    [Fact]
    public async Task A_trusted_folder_loads_its_projects_with_msbuild()
    {
        using var fixture = MaliciousFolder.Create();
        await using var server = await TestServer.StartReadyAsync(fixture.Workspace, trusted: true);
        var client = server.Client;

        var loaded = await WaitForLogAsync(client, "[workspace] MSBuild workspace:", MSBuildTimeout);
        var items = await CompleteProbeAsync(client, fixture);
        Measurements.Record(output, "trust-trusted", new { loaded, items = items.GetArrayLength(), markers = fixture.Markers() });

        // Both projects: the folder's App and, through its project reference, Lib from outside the folder.
        Assert.Contains("MSBuild workspace: 2 project(s)", loaded, StringComparison.Ordinal);
        Assert.Contains("marker-App", fixture.Markers());
        Assert.True(items.GetArrayLength() > 0, "no completion items in the trusted folder:\n" + server.Log);
        Assert.Equal(0, await server.ShutdownAsync());
    }

    [Fact]
    public async Task Granting_trust_mid_session_switches_to_msbuild_without_a_restart()
    {
        using var fixture = MaliciousFolder.Create();
        await using var server = await TestServer.StartReadyAsync(fixture.Workspace);
        var client = server.Client;
        int pid = server.ServerPid();

        await WaitForLogAsync(client, "[workspace] Ad-hoc workspace:", TimeSpan.FromMinutes(2));
        var before = await CompleteProbeAsync(client, fixture);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(fixture.Markers());

        await client.NotifyAsync("fimComplete/workspaceTrusted", new { trusted = true });
        var loaded = await WaitForLogAsync(client, "[workspace] MSBuild workspace:", MSBuildTimeout);
        var after = (await client.InlineAsync(TempFolder.Uri(fixture.Program), MaliciousFolder.ProbeLine, MaliciousFolder.ProbeCharacter)).GetProperty("items");
        Measurements.Record(output, "trust-granted", new { loaded, before = before.GetArrayLength(), after = after.GetArrayLength(), markers = fixture.Markers() });

        Assert.Equal(pid, server.ServerPid());
        Assert.Contains("MSBuild workspace: 2 project(s)", loaded, StringComparison.Ordinal);
        Assert.Contains("marker-App", fixture.Markers());
        Assert.True(before.GetArrayLength() > 0, "no completion items before trust:\n" + server.Log);
        Assert.True(after.GetArrayLength() > 0, "no completion items after trust:\n" + server.Log);
        Assert.Equal(0, await server.ShutdownAsync());
    }

    private static async Task<JsonElement> CompleteProbeAsync(LspConnection client, MaliciousFolder fixture)
    {
        string uri = TempFolder.Uri(fixture.Program);
        await client.OpenAsync(uri, MaliciousFolder.ProgramText);
        return (await client.InlineAsync(uri, MaliciousFolder.ProbeLine, MaliciousFolder.ProbeCharacter)).GetProperty("items");
    }

    private static async Task<string> WaitForLogAsync(LspConnection client, string text, TimeSpan timeout)
    {
        var message = await client.WaitForNotificationAsync(
            "window/logMessage", p => p.GetProperty("message").GetString()!.Contains(text, StringComparison.Ordinal), timeout);
        return message.GetProperty("message").GetString()!;
    }

    /// <summary>
    /// <c>root/ws</c> (the workspace: Directory.Build.targets with the Exec, App.csproj referencing ../lib, Program.cs),
    /// <c>root/lib</c> (Lib.csproj, Greeter.cs) and <c>root/markers</c> (where the Exec writes). Restored before the
    /// targets file is written, so that nothing but the server's own load can run it.
    /// </summary>
    private sealed class MaliciousFolder : IDisposable
    {
        public const string ProgramText = TinyProbe.Text;

        public const int ProbeLine = TinyProbe.Line;

        public const int ProbeCharacter = TinyProbe.Character;

        private readonly TempFolder root = new("fimcomplete-trust-");

        private MaliciousFolder()
        {
            this.Workspace = Directory.CreateDirectory(System.IO.Path.Combine(this.root.Path, "ws")).FullName;
            this.MarkerFolder = Directory.CreateDirectory(System.IO.Path.Combine(this.root.Path, "markers")).FullName;
        }

        public string Workspace { get; }

        public string MarkerFolder { get; }

        public string Program { get; private set; } = string.Empty;

        public static MaliciousFolder Create()
        {
            var folder = new MaliciousFolder();
            folder.root.File("lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n");
            folder.root.File("lib/Greeter.cs", "namespace Lib;\n\npublic sealed class Greeter\n{\n    public string Salute(string name) => \"Hello \" + name;\n}\n");
            string app = folder.root.File("ws/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <ProjectReference Include=\"../lib/Lib.csproj\" />\n  </ItemGroup>\n</Project>\n");
            folder.Program = folder.root.File("ws/Program.cs", ProgramText);
            folder.root.File("ws/Use.cs", "static class Use\n{\n    public static string Hello(Lib.Greeter g) => g.Salute(\"x\");\n}\n");
            Restore(app);
            folder.root.File("ws/Directory.Build.targets", $"""
                <Project>
                  <Target Name="FimCompleteTrustMarker" BeforeTargets="ResolveAssemblyReferences;CoreCompile">
                    <Exec Command="date &gt; '{folder.MarkerFolder}/marker-$(MSBuildProjectName)'" />
                  </Target>
                </Project>
                """);
            Assert.Empty(folder.Markers());
            return folder;
        }

        public IReadOnlyList<string> Markers() =>
            Directory.GetFiles(this.MarkerFolder).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

        public void Dispose() => this.root.Dispose();

        /// <summary><c>dotnet restore</c> (offline: no package references), so that the design-time build can bind the references.</summary>
        private static void Restore(string project)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { "restore", project, "--nologo", "-v", "q", "-nodeReuse:false" })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            using var process = Process.Start(info)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "dotnet restore did not finish");
            Assert.True(process.ExitCode == 0, $"dotnet restore failed: {stdout}\n{stderr}");
        }
    }
}
