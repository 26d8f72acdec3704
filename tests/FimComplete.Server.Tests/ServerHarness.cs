using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using FimComplete.Protocol;
using FimComplete.Server.Tests.Fakes;

namespace FimComplete.Server.Tests;

/// <summary>The server in-process over pipes, with the shared LSP client (<see cref="LspConnection"/>) and the fake
/// model host.</summary>
public sealed class ServerHarness : IAsyncDisposable
{
    /// <summary>The notifications the harness records (with the server's work-done progress requests).</summary>
    private static readonly string[] RecordedNotifications = [LspMethods.WindowLogMessage, LspMethods.WindowShowMessage, LspMethods.FimStatus, LspMethods.Progress];
    private static readonly JsonSerializerOptions LspOptions = LspJson.Configure(new JsonSerializerOptions());
    private readonly Pipe toServer = new();
    private readonly Pipe toClient = new();
    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter log = new();
    private readonly ConcurrentQueue<(string Method, JsonElement Params)> notifications = new();
    private readonly SemaphoreSlim notificationArrived = new(0);

    public ServerHarness(ServerOptions? options = null)
    {
        this.ModelDirectory = Directory.CreateTempSubdirectory("fimcomplete-test-model-").FullName;
        this.Options = options ?? new ServerOptions { ModelPath = this.ModelDirectory, ServerVersion = "test", EnableDebugRequests = true };
        this.ServerTask = Task.Run(() => ServerRunner.RunAsync(
            this.toServer.Reader.AsStream(), this.toClient.Writer.AsStream(), this.Options, this.Host, TextWriter.Synchronized(this.log), this.stop.Token));

        this.Client = new LspConnection(this.toServer.Writer.AsStream(), this.toClient.Reader.AsStream());
        this.Client.NotificationReceived += (method, message) =>
        {
            if (RecordedNotifications.Contains(method))
            {
                this.Record(method, message.TryGetProperty("params", out var p) ? p : Json("null"));
            }
        };
        this.Client.AnswerServerRequest = this.AnswerServerRequest;
    }

    public FakeEngineHost Host { get; } = new();

    public ServerOptions Options { get; }

    public string ModelDirectory { get; }

    public LspConnection Client { get; }

    public Task<int> ServerTask { get; }

    public string Log => this.log.ToString();

    /// <summary>What the client answers to workspace/configuration (the fimComplete section).</summary>
    public JsonElement? ConfigurationSection { get; set; }

    public int ConfigurationRequests;

    public IReadOnlyList<(string Method, JsonElement Params)> Notifications => [.. this.notifications];

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public async Task<JsonElement> InitializeAsync(object? capabilities = null, object? initializationOptions = null)
    {
        var result = await this.RequestAsync(LspMethods.Initialize, new
        {
            processId = (int?)null,
            clientInfo = new { name = "harness", version = "1" },
            rootUri = "file:///work/project",
            capabilities = capabilities ?? new { },
            initializationOptions,
        });
        await this.NotifyAsync(LspMethods.Initialized, new { });
        return result;
    }

    /// <summary>Sends a request (params serialized as the server's own LSP types are) and returns its result; an error
    /// response throws <see cref="LspResponseException"/>, a cancelled one <see cref="OperationCanceledException"/>.</summary>
    public Task<JsonElement> RequestAsync(string method, object? args, CancellationToken cancellationToken = default) =>
        this.Client.CallAsync(method, Params(args), TimeSpan.FromSeconds(30), cancellationToken);

    public Task NotifyAsync(string method, object? args) => this.Client.NotifyAsync(method, Params(args));

    public Task OpenAsync(string uri, string text, string languageId = "csharp") =>
        this.NotifyAsync(LspMethods.TextDocumentDidOpen, new DidOpenTextDocumentParams(new TextDocumentItem(uri, languageId, 1, text)));

    public Task<JsonElement> InlineAsync(string uri, int line, int character, object? selected = null, int triggerKind = 2, CancellationToken cancellationToken = default) =>
        this.RequestAsync(
            LspMethods.TextDocumentInlineCompletion,
            new { textDocument = new { uri }, position = new { line, character }, context = new { triggerKind, selectedCompletionInfo = selected } },
            cancellationToken);

    /// <summary>Waits for a notification matching the predicate (already received or arriving later).</summary>
    public async Task<JsonElement> WaitForNotificationAsync(string method, Func<JsonElement, bool>? predicate = null, int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            foreach (var (m, p) in this.notifications)
            {
                if (m == method && (predicate is null || predicate(p)))
                {
                    return p;
                }
            }

            try
            {
                await this.notificationArrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {method} notification matched. Received: {string.Join(", ", this.notifications.Select(n => n.Method + " " + n.Params.GetRawText()))}\nLog:\n{this.Log}");
            }
        }
    }

    public async Task WaitForStatusAsync(string state, int timeoutMs = 10_000) =>
        await this.WaitForNotificationAsync(LspMethods.FimStatus, p => p.GetProperty("state").GetString() == state, timeoutMs);

    public void ClearNotifications() => this.notifications.Clear();

    public async Task<int> CloseInputAndWaitAsync()
    {
        await this.toServer.Writer.CompleteAsync();
        return await this.ServerTask.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync();
        try
        {
            await this.ServerTask.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
        }

        await this.toClient.Writer.CompleteAsync(); // the server has ended: the client's read loop ends too
        await this.Client.DisposeAsync();
        this.stop.Dispose();
        this.Host.Dispose();
        try
        {
            Directory.Delete(this.ModelDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static JsonNode? Params(object? args) => args is null ? null : JsonSerializer.SerializeToNode(args, LspOptions);

    private void Record(string method, JsonElement @params)
    {
        this.notifications.Enqueue((method, @params.Clone()));
        this.notificationArrived.Release();
    }

    private (bool Answer, object? Result) AnswerServerRequest(string method, JsonElement @params)
    {
        if (method == LspMethods.WorkspaceConfiguration)
        {
            Interlocked.Increment(ref this.ConfigurationRequests);
            Assert.Equal("fimComplete", @params.GetProperty("items")[0].GetProperty("section").GetString());
            return (true, new[] { this.ConfigurationSection ?? Json("null") });
        }

        if (method == LspMethods.WindowWorkDoneProgressCreate)
        {
            this.Record(method, @params);
        }

        return (true, null);
    }
}
