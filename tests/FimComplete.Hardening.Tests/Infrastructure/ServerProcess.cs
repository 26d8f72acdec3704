using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FimComplete.Hardening.Tests.Infrastructure;

/// <summary>Resource counters of a process, from /proc: RSS (anonymous + file-backed), threads, fds.</summary>
public sealed record ProcessSample(long RssKb, long RssAnonKb, long RssFileKb, int Threads, int FileDescriptors, IReadOnlyList<string> Sockets)
{
    /// <summary>The fd targets, by kind (socket, pipe, anon_inode:[eventfd], or the file path).</summary>
    public IReadOnlyList<string> FdTargets { get; init; } = [];

    /// <summary>Kinds of fds this sample has more of than <paramref name="earlier"/>.</summary>
    public IReadOnlyList<string> FdsAddedSince(ProcessSample earlier)
    {
        var before = earlier.FdTargets.GroupBy(Kind).ToDictionary(g => g.Key, g => g.Count());
        return this.FdTargets.GroupBy(Kind)
            .Select(g => (g.Key, Added: g.Count() - before.GetValueOrDefault(g.Key)))
            .Where(x => x.Added > 0)
            .Select(x => $"{x.Key} +{x.Added}")
            .ToArray();

        static string Kind(string target) => target.StartsWith("socket:", StringComparison.Ordinal) ? "socket"
            : target.StartsWith("pipe:", StringComparison.Ordinal) ? "pipe"
            : target;
    }

    public override string ToString() =>
        $"RSS {RssKb / 1024.0:F1} MB (anon {RssAnonKb / 1024.0:F1}, file {RssFileKb / 1024.0:F1}), {Threads} threads, {FileDescriptors} fds ({Sockets.Count} sockets)";
}

/// <summary>
/// <c>fimcomplete serve</c> as a child process (the real server: Program, ModelHost, ONNX Runtime, Roslyn) with a
/// <see cref="RawLspClient"/> on its stdio. stderr (the server log) is kept, bounded.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int MaxLogChars = 4 * 1024 * 1024;
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly Task stderrPump;
    private long logLines;

    private ServerProcess(Process process)
    {
        this.process = process;
        this.Client = new RawLspClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
        // While a client is connected the server logs with window/logMessage only (not stderr too): both make the log.
        this.Client.NotificationReceived += (method, message) =>
        {
            if (method == "window/logMessage" && message.TryGetProperty("params", out var p) && p.TryGetProperty("message", out var text))
            {
                this.Append(text.GetString() ?? string.Empty);
            }
        };
        this.stderrPump = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                this.Append(line);
            }
        });
    }

    private void Append(string line)
    {
        Interlocked.Increment(ref this.logLines);
        lock (this.log)
        {
            if (this.log.Length > MaxLogChars)
            {
                this.log.Remove(0, this.log.Length / 2);
            }

            this.log.AppendLine(line);
        }
    }

    public RawLspClient Client { get; }

    public int Pid => this.process.Id;

    public bool HasExited => this.process.HasExited;

    /// <summary>The server's log: its stderr and its window/logMessage notifications (the most recent 2-4 MB).</summary>
    public string Log
    {
        get
        {
            lock (this.log)
            {
                return this.log.ToString();
            }
        }
    }

    public long LogLines => Interlocked.Read(ref this.logLines);

    /// <summary>The log once it matches <paramref name="pattern"/>: a line the server writes before it answers can reach
    /// the test after the answer (stderr and window/logMessage are read on their own threads).</summary>
    public async Task<string> WaitForLogAsync(string pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Regex.IsMatch(this.Log, pattern) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return this.Log;
    }

    /// <summary>fimcomplete.dll next to the tests (the CLI project is referenced), or FIMCOMPLETE_CLI_DLL.</summary>
    public static string CliDll
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable("FIMCOMPLETE_CLI_DLL");
            string path = string.IsNullOrEmpty(configured) ? Path.Combine(AppContext.BaseDirectory, "fimcomplete.dll") : configured;
            return File.Exists(path) ? path : throw new FileNotFoundException("fimcomplete.dll not found (set FIMCOMPLETE_CLI_DLL)", path);
        }
    }

    /// <summary>The fake-engine server (the real server code with tests/FimComplete.Server.Tests' FakeModelHost).</summary>
    public static string FakeServerDll
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "FimComplete.FakeServer.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("FimComplete.FakeServer.dll not found", path);
        }
    }

    public static string TinyModel => TestPaths.Fixture("mha-manifest");

    /// <summary>
    /// Starts <c>dotnet fimcomplete.dll serve --model MODEL --enable-debug-requests</c> (the tests read documents and
    /// memory back). <paramref name="prefix"/> runs it under another command (e.g. <c>unshare -n</c>);
    /// <paramref name="environment"/> adds or replaces variables (an empty value removes one).
    /// </summary>
    public static ServerProcess Start(
        string? model = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? prefix = null,
        string? workingDirectory = null,
        string? serverDll = null)
    {
        var arguments = new List<string>();
        string fileName = "dotnet";
        if (prefix is { Count: > 0 })
        {
            fileName = prefix[0];
            arguments.AddRange(prefix.Skip(1));
            arguments.Add("dotnet");
        }

        arguments.AddRange([serverDll ?? CliDll, "serve", "--model", model ?? TinyModel, "--enable-debug-requests"]);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value.Length == 0)
                {
                    info.Environment.Remove(key);
                }
                else
                {
                    info.Environment[key] = value;
                }
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server.");
        return new ServerProcess(process);
    }

    /// <summary>Starts the server, initializes it on <paramref name="workspace"/> (trusted or not: <paramref name="trusted"/>,
    /// initializationOptions.workspaceTrusted) and waits until the model is ready (or failed).</summary>
    public static async Task<ServerProcess> StartReadyAsync(string? workspace, string? model = null, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? prefix = null, string? serverDll = null, bool trusted = false)
    {
        var server = Start(model, environment, prefix, workspace, serverDll);
        await server.Client.InitializeAsync(workspace, initializationOptions: trusted ? new { workspaceTrusted = true } : null);
        await server.Client.WaitForNotificationAsync("fimComplete/status", p => p.GetProperty("state").GetString() is "ready" or "error", TimeSpan.FromSeconds(180));
        return server;
    }

    /// <summary>RSS, threads, open file descriptors and socket fds of the server (the process that runs fimcomplete.dll).</summary>
    public ProcessSample Sample() => SampleProcess(this.ServerPid());

    /// <summary>The pid of the dotnet process that runs the server (a child when started under a prefix command).</summary>
    public int ServerPid()
    {
        static bool IsServer(int pid) => ReadCommandLine(pid) is var line && (line.Contains("fimcomplete.dll", StringComparison.Ordinal) || line.Contains("FakeServer.dll", StringComparison.Ordinal));
        if (IsServer(this.process.Id))
        {
            return this.process.Id;
        }

        return Descendants(this.process.Id).FirstOrDefault(IsServer, this.process.Id);
    }

    public static ProcessSample SampleProcess(int pid)
    {
        long rss = 0, anon = 0, file = 0;
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            string name = line[..colon];
            if (name is "VmRSS" or "RssAnon" or "RssFile")
            {
                long kb = long.Parse(line[(colon + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                _ = name switch { "VmRSS" => rss = kb, "RssAnon" => anon = kb, _ => file = kb };
            }
        }

        int threads = Directory.GetDirectories($"/proc/{pid}/task").Length;
        var sockets = new List<string>();
        var targets = new List<string>();
        int fds = 0;
        foreach (string fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            fds++;
            string? target = null;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
            }

            targets.Add(target ?? "?");
            if (target is not null && target.StartsWith("socket:", StringComparison.Ordinal))
            {
                sockets.Add(target);
            }
        }

        return new ProcessSample(rss, anon, file, threads, fds, sockets) { FdTargets = targets };
    }

    /// <summary>All descendants of a process (children first), from /proc/*/stat.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int child))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[child] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        var result = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.Count > 0)
        {
            int current = queue.Dequeue();
            foreach (var (child, parent) in parents)
            {
                if (parent == current)
                {
                    result.Add(child);
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    public static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>shutdown + exit; returns the exit code.</summary>
    public async Task<int> ShutdownAsync(TimeSpan? timeout = null)
    {
        await this.Client.CallAsync("shutdown", null, TimeSpan.FromSeconds(30));
        await this.Client.NotifyAsync("exit", null);
        return await this.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Closes the server's stdin (the client went away); returns the exit code.</summary>
    public async Task<int> CloseInputAsync(TimeSpan? timeout = null)
    {
        this.process.StandardInput.Close();
        return await this.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Closes both ends the client holds (stdin and stdout), as when the client process dies; returns the exit code.</summary>
    public async Task<int> CloseClientStreamsAsync(TimeSpan? timeout = null)
    {
        this.process.StandardInput.BaseStream.Dispose();
        this.process.StandardOutput.BaseStream.Dispose();
        return await this.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await this.process.WaitForExitAsync(cts.Token);
        await this.stderrPump.WaitAsync(TimeSpan.FromSeconds(10));
        return this.process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!this.process.HasExited)
        {
            try
            {
                this.process.Kill(entireProcessTree: true);
                await this.process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }
        }

        await this.Client.DisposeAsync();
        this.process.Dispose();
    }
}
