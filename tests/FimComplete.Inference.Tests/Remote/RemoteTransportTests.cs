using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Remote;
using FimComplete.Tests.Shared.Remote;
using static FimComplete.Inference.Tests.Remote.RemoteBackendTestKit;

namespace FimComplete.Inference.Tests.Remote;

/// <summary>What the three backends share: keep-alive, timeouts, cancellation, dropped connections, the one retry.</summary>
public sealed class RemoteTransportTests
{
    public static TheoryData<BackendKind> Kinds => [BackendKind.Ollama, BackendKind.LlamaCpp, BackendKind.OpenAi];

    /// <summary>A complete streamed answer of one candidate, in each backend's format, cut after one piece when asked.</summary>
    private static Reply Streamed(BackendKind kind, int dropAfter = -1) => kind switch
    {
        BackendKind.Ollama => Reply.Ndjson([new JsonObject { ["response"] = "p.X", ["done"] = false }, new JsonObject { ["response"] = "", ["done"] = true, ["done_reason"] = "stop" }], dropAfter: dropAfter),
        BackendKind.LlamaCpp => Reply.Sse([new JsonObject { ["content"] = "p.X", ["stop"] = false }, new JsonObject { ["content"] = "", ["stop"] = true, ["stop_type"] = "eos" }], done: false, dropAfter: dropAfter),
        _ => Reply.Sse([new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["text"] = "p.X", ["finish_reason"] = null }) }, new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["text"] = "", ["finish_reason"] = "stop" }) }], dropAfter: dropAfter),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Requests_reuse_one_kept_alive_connection(BackendKind kind)
    {
        await using var server = new StandInServer(_ => Streamed(kind));
        var settings = Settings(kind, server);
        using var http = new RemoteHttp(settings.ConnectTimeout);
        var generator = RemoteGenerators.Create(settings, http);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("p.X", Assert.Single(generator.Generate(Prompt, Greedy(), CancellationToken.None).Candidates).Text);
        }

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(1, server.Connections);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_server_slower_than_the_request_timeout_is_reported_as_slow(BackendKind kind)
    {
        await using var server = new StandInServer(_ => Reply.Hang(TimeSpan.FromSeconds(30)));
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<RemoteBackendException>(() => Run(Settings(kind, server) with { RequestTimeout = TimeSpan.FromMilliseconds(400) }, Greedy()));
        Assert.Equal(RemoteErrorKind.Slow, error.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Cancellation_aborts_the_request_on_the_wire(BackendKind kind)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new StandInServer(_ =>
        {
            arrived.TrySetResult();
            return Reply.Hang(TimeSpan.FromSeconds(30));
        });
        using var cancel = new CancellationTokenSource();
        var running = Task.Run(() => Run(Settings(kind, server), Greedy(), cancel.Token));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(20)));
        // The stand-in sees the connection closed: the server can stop generating for a request nobody waits for.
        await server.ClientGone.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Single(server.Requests);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_connection_dropped_after_the_request_was_sent_is_unreachable_and_not_retried(BackendKind kind)
    {
        await using var server = new StandInServer(_ => Reply.Drop());
        Assert.Equal(RemoteErrorKind.Unreachable, Assert.Throws<RemoteBackendException>(() => Run(Settings(kind, server), Greedy())).Kind);
        Assert.Single(server.Requests);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_connection_dropped_in_the_middle_of_the_stream_is_unreachable(BackendKind kind)
    {
        await using var server = new StandInServer(_ => Streamed(kind, dropAfter: 1));
        Assert.Equal(RemoteErrorKind.Unreachable, Assert.Throws<RemoteBackendException>(() => Run(Settings(kind, server), Greedy())).Kind);
    }

    [Fact]
    public void A_refused_connection_is_tried_once_more_then_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = new RemoteBackendSettings(BackendKind.Ollama, new Uri($"http://127.0.0.1:{port}/"), "qwen2.5-coder:1.5b-base");
        using var http = new RemoteHttp(settings.ConnectTimeout);
        var error = Assert.Throws<RemoteBackendException>(() => RemoteGenerators.Create(settings, http).Generate(Prompt, Greedy(), CancellationToken.None));
        Assert.Equal(RemoteErrorKind.Unreachable, error.Kind);
        Assert.Equal(2, http.Attempts);
    }
}
