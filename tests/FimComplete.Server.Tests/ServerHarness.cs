using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json;
using FimComplete.Protocol;
using FimComplete.Server.Tests.Fakes;
using StreamJsonRpc;

namespace FimComplete.Server.Tests;

/// <summary>The server in-process over pipes, with a StreamJsonRpc client and the fake model host.</summary>
public sealed class ServerHarness : IAsyncDisposable
{
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

        var formatter = new SystemTextJsonFormatter();
        LspJson.Configure(formatter.JsonSerializerOptions);
        this.Client = new JsonRpc(new HeaderDelimitedMessageHandler(this.toServer.Writer.AsStream(), this.toClient.Reader.AsStream(), formatter));
        foreach (string method in new[] { LspMethods.WindowLogMessage, LspMethods.WindowShowMessage, LspMethods.FimStatus, LspMethods.Progress })
        {
            var sink = new NotificationSink(method, this);
            this.Client.AddLocalRpcMethod(typeof(NotificationSink).GetMethod(nameof(NotificationSink.On))!, sink, new JsonRpcMethodAttribute(method) { UseSingleObjectParameterDeserialization = true });
        }

        var requests = new ClientRequests(this);
        this.Client.AddLocalRpcMethod(typeof(ClientRequests).GetMethod(nameof(ClientRequests.Configuration))!, requests, new JsonRpcMethodAttribute(LspMethods.WorkspaceConfiguration) { UseSingleObjectParameterDeserialization = true });
        this.Client.AddLocalRpcMethod(typeof(ClientRequests).GetMethod(nameof(ClientRequests.CreateProgress))!, requests, new JsonRpcMethodAttribute(LspMethods.WindowWorkDoneProgressCreate) { UseSingleObjectParameterDeserialization = true });
        this.Client.StartListening();
    }

    public FakeModelHost Host { get; } = new();

    public ServerOptions Options { get; }

    public string ModelDirectory { get; }

    public JsonRpc Client { get; }

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

    public async Task<JsonElement> RequestAsync(string method, object? args, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await this.Client.InvokeWithParameterObjectAsync<JsonElement>(method, args, timeout.Token);
    }

    public Task NotifyAsync(string method, object? args) => this.Client.NotifyWithParameterObjectAsync(method, args);

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

        this.Client.Dispose();
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

    public sealed class NotificationSink(string method, ServerHarness harness)
    {
        public void On(JsonElement @params)
        {
            harness.notifications.Enqueue((method, @params.Clone()));
            harness.notificationArrived.Release();
        }
    }

    public sealed class ClientRequests(ServerHarness harness)
    {
        public JsonElement[] Configuration(JsonElement @params)
        {
            Interlocked.Increment(ref harness.ConfigurationRequests);
            Assert.Equal("fimComplete", @params.GetProperty("items")[0].GetProperty("section").GetString());
            return [harness.ConfigurationSection ?? Json("null")];
        }

        public object? CreateProgress(JsonElement @params)
        {
            harness.notifications.Enqueue((LspMethods.WindowWorkDoneProgressCreate, @params.Clone()));
            harness.notificationArrived.Release();
            return null;
        }
    }
}
