using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using FimComplete.Hardening.Tests.Infrastructure;
using FimComplete.Protocol;
using FimComplete.Server;
using FimComplete.Server.Client;
using FimComplete.Server.Logging;
using StreamJsonRpc;

namespace FimComplete.Hardening.Tests;

/// <summary>Issue 8.4: the server's limits (docs/reliability.md lists them), each checked in-process with the fake model host.</summary>
public class LimitsTests
{
    [Fact]
    public async Task CompletionsBeyondTheGlobalLimitSupersedeTheOldest()
    {
        await using var server = new InProcessServer();
        var client = server.Client;
        await client.InitializeAsync(null);
        await client.WaitForStatusAsync("ready");
        var requests = new List<(long Id, Task<JsonElement> Response)>();
        for (int i = 0; i < 4; i++)
        {
            string uri = $"file:///work/Slow{i}.cs";
            await client.OpenAsync(uri, "// fake-delay-ms: 30000\nvar x = ");
            long id = client.NextId();
            var response = client.Expect(id);
            await client.WriteAsync(LspConnection.Frame(LspConnection.RequestJson(id, "textDocument/inlineCompletion", new { textDocument = new { uri }, position = new { line = 1, character = 8 }, context = new { triggerKind = 1 } })));
            requests.Add((id, response));
        }

        // The two oldest are superseded at once (an empty list); the two newest keep running.
        foreach (var (_, response) in requests.Take(4 - ServerLimits.MaxRunningCompletions))
        {
            var message = await response.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, message.GetProperty("result").GetProperty("items").GetArrayLength());
        }

        await Task.Delay(300);
        Assert.All(requests.Skip(4 - ServerLimits.MaxRunningCompletions), r => Assert.False(r.Response.IsCompleted));
        foreach (var (id, response) in requests.Skip(4 - ServerLimits.MaxRunningCompletions))
        {
            await client.CancelAsync(id);
            Assert.Equal(-32800, (await response.WaitAsync(TimeSpan.FromSeconds(10))).GetProperty("error").GetProperty("code").GetInt32());
        }

        // The superseded ones were cancelled in the engine, or before they reached it.
        Assert.InRange(server.Host.CancelledCompletions, ServerLimits.MaxRunningCompletions, 4);
    }

    [Fact]
    public async Task DocumentsOverTheEngineLimitStayInSyncButAreNotHandedToTheEngine()
    {
        await using var server = new InProcessServer();
        var client = server.Client;
        await client.InitializeAsync(null);
        await client.WaitForStatusAsync("ready");
        const string uri = "file:///work/Huge.cs";
        string huge = "// " + new string('x', ServerLimits.MaxEngineDocumentLength) + "\nvar y = ";
        await client.OpenAsync(uri, huge);
        var result = await client.InlineAsync(uri, 1, 8);
        Assert.Equal(0, result.GetProperty("items").GetArrayLength());
        Assert.Empty(server.Host.Requests);
        Assert.DoesNotContain(server.Host.DocumentEvents, e => e.StartsWith("open /work/Huge.cs", StringComparison.Ordinal));
        Assert.Equal(huge, await client.DocumentTextAsync(uri));

        // Shrinks: handed to the engine, completions resume; grows again: taken away from the engine.
        await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = "var y = " } } });
        Assert.NotEqual(0, (await client.InlineAsync(uri, 0, 8)).GetProperty("items").GetArrayLength());
        Assert.Equal("var y = ", await client.DocumentTextAsync(uri)); // also: the engine has caught up
        Assert.Contains("open /work/Huge.cs 8", server.Host.DocumentEvents);
        await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version = 3 }, contentChanges = new[] { new { text = huge } } });
        Assert.Equal(0, (await client.InlineAsync(uri, 1, 8)).GetProperty("items").GetArrayLength());
        Assert.Equal(huge, await client.DocumentTextAsync(uri));
        Assert.Equal("close /work/Huge.cs", server.Host.DocumentEvents.Last());
    }

    [Fact]
    public async Task AClientThatNeverAnswersItsRequestsDoesNotStallTheModelLoad()
    {
        // workspace/configuration and window/workDoneProgress/create are never answered: the load goes ahead after
        // the configuration timeout (here 1 s) and the progress timeout (5 s).
        await using var server = new InProcessServer(configurationTimeout: TimeSpan.FromSeconds(1));
        var client = server.Client;
        client.AnswerServerRequest = (_, _) => (false, null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.InitializeAsync(null, capabilities: new { workspace = new { configuration = true }, window = new { workDoneProgress = true } });
        await client.WaitForStatusAsync("ready", TimeSpan.FromSeconds(30));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 15);
        Assert.Contains("did not answer", server.Log, StringComparison.Ordinal);

        // Late answers to those requests are then accepted quietly.
        Assert.Equal("null", (await client.CallAsync("fimComplete/debug/documentText", new { uri = "file:///x.cs" })).GetRawText());
    }

    [Fact]
    public async Task StrayResponsesAndARepeatedInitializedDoNotDisturbTheSession()
    {
        await using var server = new InProcessServer();
        var client = server.Client;
        await client.InitializeAsync("/work/project");
        await client.WaitForStatusAsync("ready");
        await client.WriteAsync(LspConnection.Frame("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":1}"));
        await client.WriteAsync(LspConnection.Frame("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"x\"}}"));
        await client.WriteAsync(LspConnection.Frame("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"error\":{\"code\":-32603,\"message\":\"x\"}}"));
        await client.NotifyAsync("initialized", new { });
        Assert.Equal("null", (await client.CallAsync("fimComplete/debug/documentText", new { uri = "file:///x.cs" })).GetRawText());
        Assert.Single(server.Host.Loads);
        Assert.Equal(1, server.Log.Split('\n').Count(l => l.Contains("Workspace folders:", StringComparison.Ordinal)));
        Assert.Contains("Ignoring a repeated 'initialized'", server.Log, StringComparison.Ordinal);
        Assert.Contains("Ignoring a response to a request the server did not send", server.Log, StringComparison.Ordinal);
        Assert.Empty(client.ProtocolViolations);
    }

    [Fact]
    public async Task LogMessagesWaitingForAClientThatDoesNotReadAreBounded()
    {
        // A connection whose output nobody reads: the pipe fills, sending blocks, log messages pile up.
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 4096, resumeWriterThreshold: 2048));
        var formatter = new SystemTextJsonFormatter();
        LspJson.Configure(formatter.JsonSerializerOptions);
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output.Writer.AsStream(), new Pipe().Reader.AsStream(), formatter));
        rpc.StartListening();
        var connection = new ClientConnection(rpc, new ServerLogger(TextWriter.Null));
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(() => connection.RunAsync(stop.Token));
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < 20_000; i++)
        {
            connection.LogMessage(MessageType.Log, $"line {i} " + new string('x', 200));
        }

        long growth = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.InRange(connection.DroppedLogMessages, 20_000 - ClientConnection.MaxPendingLogMessages - 2_000, 20_000);
        Assert.True(growth < 10 * 1024 * 1024, $"{growth} bytes retained");

        // Once the client reads again, the next message says how many were dropped.
        var reader = output.Reader;
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        connection.LogMessage(MessageType.Log, "after");
        while (!text.ToString().Contains("dropped", StringComparison.Ordinal))
        {
            var read = await reader.ReadAsync(timeout.Token);
            text.Append(Encoding.UTF8.GetString(read.Buffer));
            reader.AdvanceTo(read.Buffer.End);
        }

        await stop.CancelAsync();
        connection.Complete();
    }

    [Fact]
    public async Task AnOversizedMessageIsSkippedWithoutBeingBuffered()
    {
        await using var server = new InProcessServer();
        var client = server.Client;
        await client.InitializeAsync(null);
        await client.OpenAsync("file:///work/A.cs", "class A {}");

        // Declares 80 MB (over the 64 MiB limit) and sends 3 MB of it: skipped as it streams, then the next message is read.
        await client.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {80_000_000}\r\n\r\n"));
        var chunk = Encoding.ASCII.GetBytes(new string('z', 64 * 1024));
        for (int i = 0; i < 48; i++)
        {
            await client.WriteAsync(chunk);
        }

        Assert.Equal("class A {}", await client.DocumentTextAsync("file:///work/A.cs"));
        Assert.Contains("is not a valid length", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EngineDocumentUpdatesLeaveTheRequestQueueAndMergeConsecutiveChanges()
    {
        // An engine whose document bookkeeping is slow (like a large file's): requests are not held up, and the
        // changes that pile up meanwhile reach it as one.
        var sink = new SlowSink(TimeSpan.FromMilliseconds(300));
        var sync = new FimComplete.Server.Documents.EngineDocumentSync(sink, new ServerLogger(TextWriter.Null));
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => sync.RunAsync(stop.Token));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await sync.OpenedAsync("/a.cs", "v1");
        for (int i = 2; i <= 50; i++)
        {
            await sync.ChangedAsync("/a.cs", "v" + i);
        }

        await sync.ChangedAsync("/b.cs", "b");
        await sync.ClosedAsync("/a.cs");
        Assert.True(clock.ElapsedMilliseconds < 200, $"enqueueing took {clock.ElapsedMilliseconds} ms");
        await sync.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.StartsWith("open /a.cs v", sink.Events[0], StringComparison.Ordinal);
        Assert.Contains(sink.Events, e => e is "change /a.cs v50" or "open /a.cs v50");
        Assert.Equal("change /b.cs b", sink.Events[^2]);
        Assert.Equal("close /a.cs", sink.Events[^1]);
        Assert.True(sink.Events.Count <= 5, string.Join(", ", sink.Events));
        await stop.CancelAsync();
        await worker;
    }

    private sealed class SlowSink(TimeSpan delay) : FimComplete.Engine.Api.IDocumentSink
    {
        public List<string> Events { get; } = [];

        public void DocumentOpened(string path, string text) => this.Add($"open {path} {text}");

        public void DocumentChanged(string path, string text) => this.Add($"change {path} {text}");

        public void DocumentClosed(string path) => this.Add($"close {path}");

        private void Add(string e)
        {
            Thread.Sleep(delay);
            lock (this.Events)
            {
                this.Events.Add(e);
            }
        }
    }
}
