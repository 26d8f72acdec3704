using System.Diagnostics;
using System.Security.Cryptography;
using FimComplete.Hardening.Tests.Infrastructure;

namespace FimComplete.Hardening.Tests;

/// <summary>
/// Issue 8.5: during a session with completions (and an MSBuild project in the workspace) the server and its child
/// processes hold no network socket (only Unix domain sockets: the .NET diagnostics endpoint and the pipe to Roslyn's
/// MSBuild build host), and it writes nothing into a fresh HOME or TMPDIR outside its cache folder
/// (<c>$XDG_CACHE_HOME/fimcomplete</c>, where MSBuild's design-time builds put their outputs); the workspace's files (and
/// the model folder) are byte-identical afterwards, with no new file or folder (not even under obj/ or bin/). Run as root, the whole session runs in a network namespace without interfaces
/// (<c>unshare -n</c>), which would make any connection attempt fail, and completions must work there.
/// </summary>
public class PrivacyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NoNetworkSocketsAndNoWritesOutsideTheCacheFolder()
    {
        using var root = new TempFolder("fimcomplete-privacy-");
        string home = Directory.CreateDirectory(Path.Combine(root.Path, "home")).FullName;
        string tmp = Directory.CreateDirectory(Path.Combine(root.Path, "tmp")).FullName;
        string workspace = Directory.CreateDirectory(Path.Combine(root.Path, "ws")).FullName;
        File.WriteAllText(Path.Combine(workspace, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        string program = Path.Combine(workspace, "Probe.cs");
        File.WriteAllText(program, TinyProbe.Text);
        File.WriteAllText(Path.Combine(workspace, "Util.cs"), "namespace App;\npublic static class Util { public static int Twice(int x) => 2 * x; }\n");
        File.WriteAllText(Path.Combine(workspace, ".editorconfig"), "root = true\n");
        var workspaceBefore = Snapshot(workspace);
        var foldersBefore = Directory.GetDirectories(workspace, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(workspace, d)).Order(StringComparer.Ordinal).ToList();
        var modelBefore = Snapshot(TestServer.TinyModel);

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["TMPDIR"] = tmp,
            ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache"),
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
            ["DOTNET_CLI_HOME"] = home,
            ["ORT_DISABLE_TELEMETRY"] = string.Empty,          // removed: the server must switch telemetry off itself
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = string.Empty,
            ["MSBUILD_TELEMETRY_OPTOUT"] = string.Empty,
        };
        var prefix = CanUnshareNetwork() ? new[] { "unshare", "-n" } : null;

        var clock = Stopwatch.StartNew();
        await using var server = await TestServer.StartReadyAsync(workspace, environment: environment, prefix: prefix, trusted: true);
        var client = server.Client;

        // Every 100 ms during the session: the sockets of the server and of every process it started (the MSBuild
        // build host lives only while projects load).
        var seenSockets = new HashSet<string>(StringComparer.Ordinal);
        var seenProcesses = new HashSet<string>(StringComparer.Ordinal);
        using var stopWatching = new CancellationTokenSource();
        int watchedPid = server.ServerPid();
        var watcher = Task.Run(async () =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                foreach (int pid in new[] { watchedPid }.Concat(ProcessProbe.Descendants(watchedPid)))
                {
                    string name = Name(pid);
                    lock (seenSockets)
                    {
                        seenProcesses.Add(name);
                        foreach (var (kind, detail) in Sockets(pid))
                        {
                            seenSockets.Add($"{kind} {detail} ({name[..Math.Min(name.Length, 60)]})");
                        }
                    }
                }

                await Task.Delay(100);
            }
        });
        string uri = TempFolder.Uri(program);
        var document = new ClientDocument(TinyProbe.Text);
        await client.OpenAsync(uri, document.Text);
        int items = 0;
        for (int i = 0; i < 30; i++)
        {
            int at = document.Text.IndexOf("return ", StringComparison.Ordinal) + "return ".Length;
            var change = document.Replace(at, at, i % 2 == 0 ? "a" : string.Empty);
            await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version = i + 2 }, contentChanges = new[] { change } });
            var (line, character) = document.PositionOf(at);
            items += (await client.InlineAsync(uri, line, character)).GetProperty("items").GetArrayLength();
        }

        // Let the MSBuild project load (the build host is a child process), then look at every socket.
        await client.WaitForNotificationAsync("window/logMessage", p => p.GetProperty("message").GetString()!.Contains("[workspace] MSBuild", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        items += (await client.InlineAsync(uri, TinyProbe.Line, TinyProbe.Character)).GetProperty("items").GetArrayLength();
        var namespaceSockets = InternetSocketsInNamespace(watchedPid);
        await stopWatching.CancelAsync();
        await watcher;
        Assert.Equal(0, await server.ShutdownAsync());

        var homeAfter = Snapshot(home);
        var tmpAfter = Snapshot(tmp);
        var workspaceAfter = Snapshot(workspace);
        var changed = workspaceBefore.Where(f => !workspaceAfter.TryGetValue(f.Key, out var hash) || hash != f.Value).Select(f => f.Key).ToList();
        var added = workspaceAfter.Keys.Except(workspaceBefore.Keys).Order(StringComparer.Ordinal).ToList();
        var foldersAfter = Directory.GetDirectories(workspace, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(workspace, d)).Order(StringComparer.Ordinal).ToList();
        var addedFolders = foldersAfter.Except(foldersBefore).ToList();
        const string cacheFolder = ".cache/fimcomplete/";
        var homeOutsideCache = homeAfter.Keys.Where(f => !f.StartsWith(cacheFolder, StringComparison.Ordinal)).ToList();
        var modelAfter = Snapshot(TestServer.TinyModel);

        Measurements.Record(output, "privacy", new
        {
            networkNamespace = prefix is null ? "not available (not root or no unshare): the host's" : "unshare -n (no interfaces)",
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            completionItems = items,
            processes = seenProcesses.ToArray(),
            sockets = seenSockets.ToArray(),
            internetSocketsInTheNamespace = namespaceSockets,
            homeFiles = homeAfter.Keys.ToArray(),
            homeFilesOutsideTheCacheFolder = homeOutsideCache,
            tmpFiles = tmpAfter.Keys.ToArray(),
            workspaceFilesChanged = changed,
            workspaceFilesAdded = added,
            workspaceFoldersAdded = addedFolders,
            modelFolderChanged = !modelBefore.SequenceEqual(modelAfter),
        });

        Assert.NotEmpty(seenProcesses);
        Assert.All(seenSockets, s => Assert.StartsWith("unix ", s, StringComparison.Ordinal));
        if (prefix is not null)
        {
            Assert.Empty(namespaceSockets);
        }

        Assert.Empty(homeOutsideCache);
        Assert.Contains(homeAfter.Keys, f => f.StartsWith(cacheFolder + "msbuild/projects/App-", StringComparison.Ordinal));
        Assert.Empty(tmpAfter);
        Assert.Empty(changed);
        Assert.Empty(added);
        Assert.Empty(addedFolders);
        Assert.Equal(modelBefore, modelAfter);
        Assert.True(items > 0, "no completion items in the whole session");
    }

    private static bool CanUnshareNetwork()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return false;
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo("unshare", "-n true") { RedirectStandardError = true, UseShellExecute = false })!;
            probe.WaitForExit(10_000);
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Relative path → SHA-256 of every file under a folder (empty folders do not count).</summary>
    private static SortedDictionary<string, string> Snapshot(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return result;
        }

        foreach (string file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            string relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            try
            {
                result[relative] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
            }
            catch (IOException)
            {
                result[relative] = "(unreadable: a socket or pipe)";
            }
        }

        return result;
    }

    private static string Name(int pid) => ProcessProbe.ReadCommandLine(pid) is { Length: > 0 } line ? line[..Math.Min(line.Length, 160)].Trim() : "?";

    /// <summary>The sockets a process holds, by kind (unix, tcp, tcp6, udp, udp6, raw, raw6, netlink, packet, unknown).</summary>
    private static List<(string Kind, string Detail)> Sockets(int pid)
    {
        var inodes = new List<string>();
        try
        {
            foreach (string fd in Directory.GetFiles($"/proc/{pid}/fd"))
            {
                try
                {
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                    {
                        inodes.Add(target[8..^1]);
                    }
                }
                catch (IOException)
                {
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var tables = new Dictionary<string, Dictionary<string, string>>();
        foreach (string kind in new[] { "unix", "tcp", "tcp6", "udp", "udp6", "raw", "raw6", "netlink", "packet" })
        {
            tables[kind] = ReadTable(pid, kind);
        }

        return inodes.Select(inode => tables.FirstOrDefault(t => t.Value.ContainsKey(inode)) is { Key: not null } hit
            ? (hit.Key, hit.Value[inode])
            : ("unknown", "inode " + inode)).ToList();
    }

    /// <summary>inode → description for /proc/PID/net/KIND (the table of the process's network namespace).</summary>
    private static Dictionary<string, string> ReadTable(int pid, string kind)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string path = $"/proc/{pid}/net/{kind}";
        if (!File.Exists(path))
        {
            return result;
        }

        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (kind)
            {
                case "unix" when f.Length >= 7:
                    result[f[6]] = f.Length >= 8 ? f[7] : "(unnamed)";
                    break;
                case "netlink" when f.Length >= 10:
                    result[f[9]] = "netlink";
                    break;
                case "packet" when f.Length >= 9:
                    result[f[8]] = "packet";
                    break;
                case "tcp" or "tcp6" or "udp" or "udp6" or "raw" or "raw6" when f.Length >= 10:
                    result[f[9]] = $"local {f[1]} remote {f[2]}";
                    break;
                default:
                    break;
            }
        }

        return result;
    }

    /// <summary>Every TCP/UDP/raw socket in the server's network namespace (with unshare -n: only the server's).</summary>
    private static List<string> InternetSocketsInNamespace(int pid)
    {
        var result = new List<string>();
        foreach (string kind in new[] { "tcp", "tcp6", "udp", "udp6", "raw", "raw6" })
        {
            result.AddRange(ReadTable(pid, kind).Select(e => $"{kind} {e.Value}"));
        }

        return result;
    }
}
