using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace FimComplete.LspClient;

/// <summary>
/// A JSON-RPC client over a pair of streams (LSP base-protocol framing), independent of StreamJsonRpc: it can write any
/// bytes, and it checks that every message the server writes is a well-framed JSON-RPC 2.0 message (any violation is
/// recorded in <see cref="ProtocolViolations"/>). Responses are matched by the raw text of their id and time-stamped
/// the moment they are read (so a request's latency is write-to-read on the client side); server-to-client requests are
/// answered by <see cref="AnswerServerRequest"/> (null for everything by default, no answer when it returns false).
/// </summary>
public sealed class LspConnection : IAsyncDisposable
{
    /// <summary>The error code of a request the server cancelled on the client's <c>$/cancelRequest</c>.</summary>
    public const int RequestCancelled = -32800;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private readonly Stream toServer;
    private readonly Stream fromServer;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Received>> pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JsonElement> notifications = new();
    private readonly ConcurrentQueue<JsonElement> unmatchedResponses = new();
    private readonly ConcurrentQueue<string> violations = new();
    private readonly SemaphoreSlim notificationArrived = new(0);
    private readonly Task readLoop;
    private long nextId;
    private long messagesRead;
    private long nullIdErrors;

    public LspConnection(Stream toServer, Stream fromServer)
    {
        this.toServer = toServer ?? throw new ArgumentNullException(nameof(toServer));
        this.fromServer = fromServer ?? throw new ArgumentNullException(nameof(fromServer));
        this.readLoop = Task.Run(this.ReadLoopAsync);
    }

    /// <summary>Decides how to answer a request from the server: (method, params) → (answer?, result).</summary>
    public Func<string, JsonElement, (bool Answer, object? Result)> AnswerServerRequest { get; set; } = (_, _) => (true, null);

    public IReadOnlyCollection<string> ProtocolViolations => this.violations;

    /// <summary>Responses whose id was not that of a pending request (never sent, or answered twice).</summary>
    public IReadOnlyCollection<JsonElement> UnmatchedResponses => this.unmatchedResponses;

    /// <summary>Error responses with a null id (Parse error, Invalid Request without a usable id).</summary>
    public long NullIdErrors => Interlocked.Read(ref this.nullIdErrors);

    public long MessagesRead => Interlocked.Read(ref this.messagesRead);

    public IReadOnlyList<JsonElement> Notifications => [.. this.notifications];

    /// <summary>Called with every notification from the server (method, whole message) as it arrives.</summary>
    public event Action<string, JsonElement>? NotificationReceived;

    /// <summary>Completes when the server's output ends.</summary>
    public Task Completion => this.readLoop;

    /// <summary>camelCase names; the reflection resolver is set so that params already turned into JSON nodes elsewhere
    /// (with other options) can be written with these.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public long NextId() => Interlocked.Increment(ref this.nextId);

    public static byte[] Frame(string json) => Frame(Encoding.UTF8.GetBytes(json));

    public static byte[] Frame(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        return [.. header, .. body];
    }

    /// <summary>A request's JSON; <paramref name="params"/> is used as is when it is a <see cref="JsonNode"/>, else
    /// serialized with <see cref="JsonOptions"/> (camelCase).</summary>
    public static string RequestJson(object id, string method, object? @params)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonValue.Create(id), ["method"] = method };
        AddParams(message, @params);
        return message.ToJsonString(JsonOptions);
    }

    public static string NotificationJson(string method, object? @params)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        AddParams(message, @params);
        return message.ToJsonString(JsonOptions);
    }

    /// <summary>The key a response with this id is matched under (the id's raw JSON).</summary>
    public static string IdKey(object id) => JsonSerializer.Serialize(id);

    /// <summary>Starts waiting for the response to <paramref name="id"/> (call before the request is written).</summary>
    public Task<JsonElement> Expect(object id)
    {
        var received = this.Register(id);
        return MessageOf(received);

        static async Task<JsonElement> MessageOf(Task<Received> received) => (await received.ConfigureAwait(false)).Message;
    }

    public async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        await this.writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await this.toServer.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await this.toServer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            this.writeLock.Release();
        }
    }

    /// <summary>
    /// Sends a request and returns the whole response message (with result or error). When
    /// <paramref name="cancellationToken"/> fires, <c>$/cancelRequest</c> is sent and the server's answer awaited: a
    /// RequestCancelled error then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<JsonElement> RequestAsync(string method, object? @params, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await this.SendRequestAsync(method, @params, timeout, cancellationToken).ConfigureAwait(false)).Message;

    /// <summary>Sends a request and returns its result; an error response throws <see cref="LspResponseException"/>.</summary>
    public async Task<JsonElement> CallAsync(string method, object? @params, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await this.CallTimedAsync(method, @params, timeout, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>Like <see cref="CallAsync"/>, with the client-side round trip (from before the write to the read).</summary>
    public async Task<(JsonElement Result, TimeSpan Elapsed)> CallTimedAsync(string method, object? @params, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        var response = await this.SendRequestAsync(method, @params, timeout, cancellationToken).ConfigureAwait(false);
        if (response.Message.TryGetProperty("error", out var error))
        {
            throw new LspResponseException(method, error);
        }

        return (response.Message.GetProperty("result"), Stopwatch.GetElapsedTime(started, response.Timestamp));
    }

    public Task NotifyAsync(string method, object? @params, CancellationToken cancellationToken = default) =>
        this.WriteAsync(Frame(NotificationJson(method, @params)), cancellationToken);

    public Task CancelAsync(object id) => this.NotifyAsync("$/cancelRequest", new { id });

    /// <summary>initialize (with the workspace folder) + initialized; returns the initialize result.</summary>
    public async Task<JsonElement> InitializeAsync(string? rootPath, object? capabilities = null, object? initializationOptions = null, string clientName = "fimcomplete-tests", CancellationToken cancellationToken = default)
    {
        string? rootUri = rootPath is null ? null : new Uri(rootPath).AbsoluteUri;
        var result = await this.CallAsync("initialize", new
        {
            processId = Environment.ProcessId,
            clientInfo = new { name = clientName, version = "1" },
            rootUri,
            workspaceFolders = rootUri is null ? null : new[] { new { uri = rootUri, name = Path.GetFileName(rootPath) } },
            capabilities = capabilities ?? new { },
            initializationOptions,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await this.NotifyAsync("initialized", new { }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public Task OpenAsync(string uri, string text, int version = 1) =>
        this.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "csharp", version, text } });

    public Task<JsonElement> InlineAsync(string uri, int line, int character, int triggerKind = 1, TimeSpan? timeout = null) =>
        this.CallAsync("textDocument/inlineCompletion", new { textDocument = new { uri }, position = new { line, character }, context = new { triggerKind } }, timeout);

    public async Task<string?> DocumentTextAsync(string uri)
    {
        var result = await this.CallAsync("fimComplete/debug/documentText", new { uri }).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : result.GetString();
    }

    /// <summary>Waits for a notification (already received or later) whose params match; returns the params.</summary>
    public async Task<JsonElement> WaitForNotificationAsync(string method, Func<JsonElement, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        while (true)
        {
            foreach (var n in this.notifications)
            {
                if (n.GetProperty("method").GetString() == method && (predicate is null || predicate(n.TryGetProperty("params", out var p) ? p : default)))
                {
                    return n.TryGetProperty("params", out var found) ? found : default;
                }
            }

            try
            {
                await this.notificationArrived.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var recent = this.notifications.TakeLast(15).Select(n => n.GetRawText()[..Math.Min(300, n.GetRawText().Length)]);
                throw new TimeoutException($"No '{method}' notification matched. Last received:\n{string.Join("\n", recent)}");
            }
        }
    }

    public Task<JsonElement> WaitForStatusAsync(string state, TimeSpan? timeout = null) =>
        this.WaitForNotificationAsync("fimComplete/status", p => p.GetProperty("state").GetString() == state, timeout);

    public void ClearNotifications() => this.notifications.Clear();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await this.toServer.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server end is gone already.
        }

        try
        {
            await this.readLoop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The server keeps its output open; the read loop ends with the stream.
        }

        this.writeLock.Dispose();
    }

    private static void AddParams(JsonObject message, object? @params)
    {
        if (@params is not null)
        {
            message["params"] = @params as JsonNode ?? JsonSerializer.SerializeToNode(@params, JsonOptions);
        }
    }

    private Task<Received> Register(object id)
    {
        var source = new TaskCompletionSource<Received>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!this.pending.TryAdd(IdKey(id), source))
        {
            throw new InvalidOperationException($"Id {id} is already pending.");
        }

        return source.Task;
    }

    private async Task<Received> SendRequestAsync(string method, object? @params, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        long id = this.NextId();
        var response = this.Register(id);
        await this.WriteAsync(Frame(RequestJson(id, method, @params)), cancellationToken).ConfigureAwait(false);
        Received received;
        using (cancellationToken.Register(() => _ = this.SendCancelAsync(id)))
        {
            received = await response.WaitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
        }

        if (cancellationToken.IsCancellationRequested && received.Message.TryGetProperty("error", out var error)
            && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() == RequestCancelled)
        {
            throw new OperationCanceledException($"{method} was cancelled.", cancellationToken);
        }

        return received;
    }

    private async Task SendCancelAsync(long id)
    {
        try
        {
            await this.CancelAsync(id).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The connection is closing: the pending request fails on its own.
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        int count = 0;
        while (true)
        {
            int headerEnd;
            while ((headerEnd = buffer.AsSpan(0, count).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (!await Fill().ConfigureAwait(false))
                {
                    if (count > 0)
                    {
                        this.violations.Enqueue($"Output ended inside a header: {Encoding.UTF8.GetString(buffer, 0, Math.Min(count, 200))}");
                    }

                    this.FailPending();
                    return;
                }
            }

            string header = Encoding.ASCII.GetString(buffer, 0, headerEnd);
            int length = -1;
            foreach (string line in header.Split("\r\n"))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line[(colon + 1)..].Trim(), CultureInfo.InvariantCulture);
                }
                else if (colon <= 0 || !line[..colon].Trim().Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    this.violations.Enqueue($"Bad header line from the server: '{line}'");
                }
            }

            if (length < 0)
            {
                this.violations.Enqueue($"No Content-Length in '{header}'");
                this.FailPending();
                return;
            }

            int total = headerEnd + 4 + length;
            if (buffer.Length < total)
            {
                Array.Resize(ref buffer, Math.Max(total, buffer.Length * 2));
            }

            while (count < total)
            {
                if (!await Fill().ConfigureAwait(false))
                {
                    this.violations.Enqueue("Output ended inside a message.");
                    this.FailPending();
                    return;
                }
            }

            this.OnMessage(buffer.AsSpan(headerEnd + 4, length), Stopwatch.GetTimestamp());
            Buffer.BlockCopy(buffer, total, buffer, 0, count - total);
            count -= total;
        }

        async Task<bool> Fill()
        {
            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read;
            try
            {
                read = await this.fromServer.ReadAsync(buffer.AsMemory(count)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                return false;
            }

            count += read;
            return read > 0;
        }
    }

    private void OnMessage(ReadOnlySpan<byte> body, long timestamp)
    {
        Interlocked.Increment(ref this.messagesRead);
        JsonElement message;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            message = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            this.violations.Enqueue($"Invalid JSON from the server: {ex.Message}");
            return;
        }

        if (message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            this.violations.Enqueue($"Not a JSON-RPC 2.0 message: {Shorten(message)}");
            return;
        }

        bool hasMethod = message.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String;
        bool hasId = message.TryGetProperty("id", out var id);
        if (hasMethod && hasId)
        {
            _ = this.AnswerAsync(id, method.GetString()!, message.TryGetProperty("params", out var p) ? p : default);
            return;
        }

        if (hasMethod)
        {
            this.NotificationReceived?.Invoke(method.GetString()!, message);
            this.notifications.Enqueue(message);
            this.notificationArrived.Release();
            return;
        }

        bool hasResult = message.TryGetProperty("result", out _);
        bool hasError = message.TryGetProperty("error", out var error);
        if (!hasId || hasResult == hasError)
        {
            this.violations.Enqueue($"Neither a request, a notification nor a response: {Shorten(message)}");
            return;
        }

        if (hasError && (!error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number
            || !error.TryGetProperty("message", out var text) || text.ValueKind != JsonValueKind.String))
        {
            this.violations.Enqueue($"An error without an integer code and a message: {Shorten(message)}");
        }

        if (id.ValueKind == JsonValueKind.Null)
        {
            if (hasError)
            {
                Interlocked.Increment(ref this.nullIdErrors);
            }
            else
            {
                this.violations.Enqueue($"A result with a null id: {Shorten(message)}");
            }

            return;
        }

        if (this.pending.TryRemove(id.GetRawText(), out var source))
        {
            source.TrySetResult(new Received(message, timestamp));
        }
        else
        {
            this.unmatchedResponses.Enqueue(message);
        }
    }

    private async Task AnswerAsync(JsonElement id, string method, JsonElement @params)
    {
        var (answer, result) = this.AnswerServerRequest(method, @params);
        if (!answer)
        {
            return;
        }

        var response = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = JsonNode.Parse(id.GetRawText()),
            ["result"] = result is null ? null : result as JsonNode ?? JsonSerializer.SerializeToNode(result, JsonOptions),
        };
        try
        {
            await this.WriteAsync(Frame(response.ToJsonString())).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The server went away before the answer: nothing waits for it.
        }
    }

    private void FailPending()
    {
        foreach (var key in this.pending.Keys)
        {
            if (this.pending.TryRemove(key, out var source))
            {
                source.TrySetException(new IOException($"The server's output ended before the response to {key}."));
            }
        }
    }

    private static string Shorten(JsonElement message)
    {
        string text = message.GetRawText();
        return text.Length <= 300 ? text : text[..300] + "...";
    }

    /// <summary>A response and the <see cref="Stopwatch"/> timestamp of its reading.</summary>
    private readonly record struct Received(JsonElement Message, long Timestamp);
}
