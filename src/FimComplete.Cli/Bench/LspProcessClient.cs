using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FimComplete.Cli.Bench;

/// <summary>
/// A small JSON-RPC client for the LSP benchmark: starts <c>fimcomplete serve</c> as a child process and talks to it
/// over its real stdin/stdout pipes (LSP base-protocol framing). Each response is time-stamped by the read loop the
/// moment it is parsed, so a request's latency is write-to-read on the client side. Requests from the server
/// (workspace/configuration, work-done progress) get a null result; notifications are kept.
/// </summary>
internal sealed class LspProcessClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _toServer;
    private readonly Stream _fromServer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<(JsonElement Message, long Timestamp)>> _pending = new();
    private readonly ConcurrentQueue<JsonElement> _notifications = new();
    private readonly SemaphoreSlim _notificationArrived = new(0);
    private readonly Task _readLoop;
    private readonly Task _stderrLoop;
    private readonly ConcurrentQueue<string> _serverLog = new();
    private long _nextId;

    private readonly TextWriter? _serverLogWriter;

    private LspProcessClient(Process process, TextWriter? serverLog)
    {
        _process = process;
        _serverLogWriter = serverLog;
        _toServer = process.StandardInput.BaseStream;
        _fromServer = process.StandardOutput.BaseStream;
        _readLoop = Task.Run(ReadLoopAsync);
        _stderrLoop = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _serverLog.Enqueue(line);
                serverLog?.WriteLine(line);
            }
        });
    }

    public int ProcessId => _process.Id;

    /// <summary>The server's log lines (stderr) so far.</summary>
    public IReadOnlyList<string> ServerLog => [.. _serverLog];

    /// <summary>Starts this executable (or <c>dotnet fimcomplete.dll</c>), or <paramref name="serverDll"/> with
    /// <c>dotnet</c> (another build, for before/after comparisons), with <paramref name="arguments"/>.</summary>
    public static LspProcessClient Start(IReadOnlyList<string> arguments, TextWriter? serverLog, string? serverDll = null)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is unknown.");
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (serverDll is not null)
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(Path.GetFullPath(serverDll));
        }
        else if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = self;
            start.ArgumentList.Add(typeof(LspProcessClient).Assembly.Location);
        }
        else
        {
            start.FileName = self;
        }

        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {self}.");
        return new LspProcessClient(process, serverLog);
    }

    /// <summary>User + system CPU time of the server process so far (from /proc on Linux, else the runtime's view).</summary>
    public TimeSpan ServerCpuTime()
    {
        var stat = $"/proc/{_process.Id}/stat";
        if (File.Exists(stat))
        {
            // Fields after the ")" that ends the command name: state is field 3; utime 14 and stime 15 (clock ticks).
            var text = File.ReadAllText(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }

        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Sends a request; returns the response message and the client-side round trip.</summary>
    public async Task<(JsonElement Response, TimeSpan Elapsed)> RequestAsync(string method, object? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var source = new TaskCompletionSource<(JsonElement, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = source;
        var body = Message(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method }, parameters);
        var started = Stopwatch.GetTimestamp();
        await WriteAsync(body, cancellationToken).ConfigureAwait(false);
        var (response, received) = await source.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        if (response.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method} failed: {error.GetRawText()}");
        }

        return (response, Stopwatch.GetElapsedTime(started, received));
    }

    public Task NotifyAsync(string method, object? parameters, CancellationToken cancellationToken) =>
        WriteAsync(Message(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method }, parameters), cancellationToken);

    /// <summary>Waits for a notification (already received or later) that matches.</summary>
    public async Task<JsonElement> WaitForNotificationAsync(string method, Func<JsonElement, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            foreach (var notification in _notifications)
            {
                if (notification.GetProperty("method").GetString() == method
                    && notification.TryGetProperty("params", out var p) && predicate(p))
                {
                    return p;
                }
            }

            try
            {
                await _notificationArrived.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching '{method}' notification from the server within {timeout}.");
            }
        }
    }

    private static byte[] Message(JsonObject message, object? parameters)
    {
        if (parameters is not null)
        {
            message["params"] = parameters as JsonNode ?? JsonSerializer.SerializeToNode(parameters, JsonOptions);
        }

        var json = Encoding.UTF8.GetBytes(message.ToJsonString(JsonOptions));
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {json.Length}\r\n\r\n"), .. json];
    }

    private static JsonSerializerOptions JsonOptions { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _toServer.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _toServer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        while (true)
        {
            var read = await _fromServer.ReadAsync(buffer).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            pending.Write(buffer, 0, read);
            while (TryTakeMessage(pending, out var body))
            {
                var timestamp = Stopwatch.GetTimestamp();
                using var document = JsonDocument.Parse(body);
                var message = document.RootElement.Clone();
                await DispatchAsync(message, timestamp).ConfigureAwait(false);
            }
        }

        foreach (var source in _pending.Values)
        {
            source.TrySetException(new IOException("The server closed its output."));
        }
    }

    private async Task DispatchAsync(JsonElement message, long timestamp)
    {
        var hasId = message.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null;
        if (message.TryGetProperty("method", out _))
        {
            if (hasId)
            {
                // A request from the server: answer null (no client settings, progress accepted).
                var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = null };
                var json = Encoding.UTF8.GetBytes(answer.ToJsonString());
                await WriteAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {json.Length}\r\n\r\n"), .. json], CancellationToken.None).ConfigureAwait(false);
            }
            else if (message.GetProperty("method").GetString() == "window/logMessage"
                && message.TryGetProperty("params", out var log) && log.TryGetProperty("message", out var text))
            {
                // Once a client is attached the server logs through window/logMessage, not stderr: the same log.
                var line = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss.fff} client] {text.GetString()}");
                _serverLog.Enqueue(line);
                _serverLogWriter?.WriteLine(line);
            }
            else
            {
                _notifications.Enqueue(message);
                _notificationArrived.Release();
            }

            return;
        }

        if (hasId && id.ValueKind == JsonValueKind.Number && _pending.TryRemove(id.GetInt64(), out var source))
        {
            source.TrySetResult((message, timestamp));
        }
    }

    /// <summary>Takes one complete framed message body out of <paramref name="stream"/> when there is one.</summary>
    private static bool TryTakeMessage(MemoryStream stream, out byte[] body)
    {
        body = [];
        var data = stream.GetBuffer().AsSpan(0, (int)stream.Length);
        var headerEnd = data.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            return false;
        }

        var header = Encoding.ASCII.GetString(data[..headerEnd]);
        var length = -1;
        foreach (var line in header.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        if (length < 0)
        {
            throw new InvalidDataException($"A message from the server has no Content-Length: '{header}'.");
        }

        var start = headerEnd + 4;
        if (data.Length - start < length)
        {
            return false;
        }

        body = data.Slice(start, length).ToArray();
        var rest = data[(start + length)..].ToArray();
        stream.SetLength(0);
        stream.Write(rest);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await RequestAsync("shutdown", null, CancellationToken.None).ConfigureAwait(false);
                await NotifyAsync("exit", null, CancellationToken.None).ConfigureAwait(false);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await Task.WhenAny(_readLoop, Task.Delay(2000)).ConfigureAwait(false);
        await Task.WhenAny(_stderrLoop, Task.Delay(2000)).ConfigureAwait(false);
        _process.Dispose();
        _writeLock.Dispose();
        _notificationArrived.Dispose();
    }
}
