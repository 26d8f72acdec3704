using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace FimComplete.LspClient;

/// <summary>
/// A language server as a child process with an <see cref="LspConnection"/> on its real stdin/stdout pipes. The server
/// log is kept: its stderr lines on their own (<see cref="StandardErrorLines"/>), and stderr together with the
/// <c>window/logMessage</c> notifications as <see cref="Log"/> (bounded: the most recent 2-4 MB).
/// </summary>
public sealed class LspServerProcess : IAsyncDisposable
{
    private const int MaxLogChars = 4 * 1024 * 1024;
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly ConcurrentQueue<string> standardError = new();
    private readonly Task stderrPump;
    private long logLines;

    private LspServerProcess(Process process, TextWriter? standardErrorCopy)
    {
        this.process = process;
        this.Client = new LspConnection(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
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
                this.standardError.Enqueue(line);
                standardErrorCopy?.WriteLine(line);
                this.Append(line);
            }
        });
    }

    public LspConnection Client { get; }

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

    /// <summary>The server's stderr lines so far (all of them).</summary>
    public IReadOnlyList<string> StandardErrorLines => [.. this.standardError];

    /// <summary>
    /// Starts <paramref name="start"/> (its standard streams are redirected here) and connects to it.
    /// <paramref name="standardErrorCopy"/> gets each stderr line as it arrives.
    /// </summary>
    public static LspServerProcess Start(ProcessStartInfo start, TextWriter? standardErrorCopy = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        return new LspServerProcess(process, standardErrorCopy);
    }

    /// <summary>The log once it matches <paramref name="pattern"/>: a line the server writes before it answers can reach
    /// the caller after the answer (stderr and window/logMessage are read on their own threads).</summary>
    public async Task<string> WaitForLogAsync(string pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Regex.IsMatch(this.Log, pattern) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        return this.Log;
    }

    /// <summary>RSS, threads, open file descriptors and socket fds of the server (see <see cref="ServerPid"/>).</summary>
    public ProcessSample Sample() => ProcessProbe.Sample(this.ServerPid());

    /// <summary>User + system CPU time of the started process so far (from /proc on Linux, else the runtime's view).</summary>
    public TimeSpan CpuTime()
    {
        if (ProcessProbe.CpuTime(this.process.Id) is { } time)
        {
            return time;
        }

        this.process.Refresh();
        return this.process.TotalProcessorTime;
    }

    /// <summary>The pid of the process that runs the server: the started one, or when that is a prefix command (such as
    /// <c>unshare</c>), its first descendant that runs fimcomplete.dll or FimComplete.FakeServer.dll.</summary>
    public int ServerPid()
    {
        static bool IsServer(int pid) => ProcessProbe.ReadCommandLine(pid) is var line && (line.Contains("fimcomplete.dll", StringComparison.Ordinal) || line.Contains("FakeServer.dll", StringComparison.Ordinal));
        if (IsServer(this.process.Id))
        {
            return this.process.Id;
        }

        return ProcessProbe.Descendants(this.process.Id).FirstOrDefault(IsServer, this.process.Id);
    }

    /// <summary>shutdown + exit; returns the exit code.</summary>
    public async Task<int> ShutdownAsync(TimeSpan? timeout = null)
    {
        await this.Client.CallAsync("shutdown", null, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        await this.Client.NotifyAsync("exit", null).ConfigureAwait(false);
        return await this.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>Closes the server's stdin (the client went away); returns the exit code.</summary>
    public async Task<int> CloseInputAsync(TimeSpan? timeout = null)
    {
        this.process.StandardInput.Close();
        return await this.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>Closes both ends the client holds (stdin and stdout), as when the client process dies; returns the exit code.</summary>
    public async Task<int> CloseClientStreamsAsync(TimeSpan? timeout = null)
    {
        await this.process.StandardInput.BaseStream.DisposeAsync().ConfigureAwait(false);
        await this.process.StandardOutput.BaseStream.DisposeAsync().ConfigureAwait(false);
        return await this.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await this.process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        await this.stderrPump.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return this.process.ExitCode;
    }

    /// <summary>Kills the server (and its children) if it still runs, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!this.process.HasExited)
        {
            try
            {
                this.process.Kill(entireProcessTree: true);
                await this.process.WaitForExitAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }

        await this.Client.DisposeAsync().ConfigureAwait(false);
        this.process.Dispose();
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
}
