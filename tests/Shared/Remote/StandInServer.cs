using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace FimComplete.Tests.Shared.Remote;

/// <summary>A request as the stand-in server read it off the socket.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Connection)
{
    public JsonObject Json => (JsonObject)JsonNode.Parse(Body)!;
}

/// <summary>
/// An inference server stand-in on 127.0.0.1 (a free port): plain HTTP/1.1 over a <see cref="TcpListener"/>, so tests
/// control every byte: JSON answers with any status, chunked streams (NDJSON or server-sent events) with pauses, a
/// connection dropped before or in the middle of an answer, a server that never answers. Keep-alive: requests on one
/// connection are answered in turn; <see cref="Connections"/> counts the connections opened.
/// </summary>
public sealed class StandInServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RecordedRequest, Reply> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _accepting;
    private int _connections;

    public StandInServer(Func<RecordedRequest, Reply> handler)
    {
        _handler = handler;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Set when a client closed its connection while an answer was still being written or held back.</summary>
    public TaskCompletionSource ClientGone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _connections);
            _ = ServeAsync(client, id);
        }
    }

    private async Task ServeAsync(TcpClient client, int connection)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var request = await ReadRequestAsync(stream, connection);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                var reply = _handler(request);
                if (!await reply.WriteAsync(stream, _stop.Token))
                {
                    return; // the reply closed the connection
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            ClientGone.TrySetResult();
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(NetworkStream stream, int connection)
    {
        var head = new List<byte>();
        var buffer = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                return null;
            }

            head.Add(buffer[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return new RecordedRequest(parts[0], parts[1], headers, Encoding.UTF8.GetString(body), connection);
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

/// <summary>How the stand-in answers one request.</summary>
public abstract record Reply
{
    /// <summary>Writes the answer; false when the connection is to be closed afterwards.</summary>
    public abstract Task<bool> WriteAsync(NetworkStream stream, CancellationToken cancellationToken);

    /// <summary>A complete answer with a Content-Length.</summary>
    public static Reply Json(int status, string body) => new FixedReply(status, "application/json", body);

    public static Reply Json(int status, JsonNode body) => Json(status, body.ToJsonString());

    /// <summary>A chunked stream: each piece is written and flushed, then <paramref name="pause"/>; with
    /// <paramref name="dropAfter"/> the connection is closed after that many pieces, without the final chunk.</summary>
    public static Reply Stream(string contentType, IReadOnlyList<string> pieces, TimeSpan pause = default, int dropAfter = -1) =>
        new StreamReply(contentType, pieces, pause, dropAfter);

    /// <summary>Server-sent events: <c>data: {json}</c> per event, then <c>data: [DONE]</c> when asked.</summary>
    public static Reply Sse(IEnumerable<JsonNode> events, bool done = true, TimeSpan pause = default, int dropAfter = -1) =>
        Stream("text/event-stream", [.. events.Select(e => $"data: {e.ToJsonString()}\n\n"), .. done ? new[] { "data: [DONE]\n\n" } : []], pause, dropAfter);

    /// <summary>Newline-delimited JSON (Ollama).</summary>
    public static Reply Ndjson(IEnumerable<JsonNode> objects, TimeSpan pause = default, int dropAfter = -1) =>
        Stream("application/x-ndjson", [.. objects.Select(o => o.ToJsonString() + "\n")], pause, dropAfter);

    /// <summary><paramref name="reply"/> once <paramref name="gate"/> has completed (at most 20 s), without holding a thread.</summary>
    public static Reply After(Task gate, Reply reply) => new GatedReply(gate, reply);

    /// <summary>The request is read, then the connection closed without a byte of answer.</summary>
    public static Reply Drop() => new DropReply();

    /// <summary>No answer until the client gives up (or <paramref name="wait"/> passes).</summary>
    public static Reply Hang(TimeSpan wait) => new HangReply(wait);

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };

    private static Task WriteAsciiAsync(NetworkStream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();

    private sealed record FixedReply(int Status, string ContentType, string Body) : Reply
    {
        public override async Task<bool> WriteAsync(NetworkStream stream, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(Body);
            await WriteAsciiAsync(stream, $"HTTP/1.1 {Status} {Reason(Status)}\r\nContent-Type: {ContentType}\r\nContent-Length: {bytes.Length}\r\n\r\n", cancellationToken);
            await stream.WriteAsync(bytes, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            return true;
        }
    }

    private sealed record StreamReply(string ContentType, IReadOnlyList<string> Pieces, TimeSpan Pause, int DropAfter) : Reply
    {
        public override async Task<bool> WriteAsync(NetworkStream stream, CancellationToken cancellationToken)
        {
            await WriteAsciiAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: {ContentType}\r\nTransfer-Encoding: chunked\r\n\r\n", cancellationToken);
            for (var i = 0; i < Pieces.Count; i++)
            {
                if (i == DropAfter)
                {
                    return false;
                }

                var bytes = Encoding.UTF8.GetBytes(Pieces[i]);
                await WriteAsciiAsync(stream, $"{bytes.Length:X}\r\n", cancellationToken);
                await stream.WriteAsync(bytes, cancellationToken);
                await WriteAsciiAsync(stream, "\r\n", cancellationToken);
                await stream.FlushAsync(cancellationToken);
                if (Pause > TimeSpan.Zero)
                {
                    await Task.Delay(Pause, cancellationToken);
                }
            }

            await WriteAsciiAsync(stream, "0\r\n\r\n", cancellationToken);
            return true;
        }
    }

    private sealed record GatedReply(Task Gate, Reply Then) : Reply
    {
        public override async Task<bool> WriteAsync(NetworkStream stream, CancellationToken cancellationToken)
        {
            await Gate.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            return await Then.WriteAsync(stream, cancellationToken);
        }
    }

    private sealed record DropReply : Reply
    {
        public override Task<bool> WriteAsync(NetworkStream stream, CancellationToken cancellationToken) => Task.FromResult(false);
    }

    private sealed record HangReply(TimeSpan Wait) : Reply
    {
        public override async Task<bool> WriteAsync(NetworkStream stream, CancellationToken cancellationToken)
        {
            // A read returns 0 when the client closes its side: that is how a cancelled request shows here.
            var buffer = new byte[1];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Wait);
            if (await stream.ReadAsync(buffer, timeout.Token) == 0)
            {
                throw new IOException("The client closed the connection.");
            }

            return false;
        }
    }
}
