using System.Text.Json;
using System.Text.Json.Nodes;
using FimComplete.Hardening.Tests.Infrastructure;
using FimComplete.Tests.Shared.Remote;

namespace FimComplete.Hardening.Tests;

/// <summary>
/// The real server process over stdio with a stand-in Ollama on 127.0.0.1: the backend comes from
/// initializationOptions.settings, the API key from <c>fimComplete/setApiKey</c> (sent as a bearer token, never in the
/// log); the stand-in's answer comes back as the inline completion; a burst of failures ("model not found") turns the
/// status to error with one log message and the server keeps answering; switching <c>fimComplete.backend</c> back to
/// local works without a restart and sends nothing more to the stand-in.
/// </summary>
public class RemoteBackendLspTests(ITestOutputHelper output)
{
    private const string Secret = "sk-lsp-test-5ecret";
    private volatile bool modelMissing;

    private Reply Answer(RecordedRequest request)
    {
        if (this.modelMissing)
        {
            return Reply.Json(404, """{"error":"model \"qwen2.5-coder:1.5b-base\" not found, try pulling it first"}""");
        }

        return Reply.Ndjson(
        [
            new JsonObject { ["model"] = "qwen2.5-coder:1.5b-base", ["response"] = "a + b", ["done"] = false },
            new JsonObject { ["model"] = "qwen2.5-coder:1.5b-base", ["response"] = ";", ["done"] = false },
            new JsonObject { ["model"] = "qwen2.5-coder:1.5b-base", ["response"] = string.Empty, ["done"] = true, ["done_reason"] = "stop", ["prompt_eval_count"] = 40 },
        ]);
    }

    [Fact]
    public async Task CompletionsComeFromTheConfiguredServerErrorsAreReportedOnceAndLocalWorksAgain()
    {
        await using var stand = new StandInServer(this.Answer);
        using var workspace = new TempFolder("fimcomplete-remote-");
        string file = Path.Combine(workspace.Path, "Probe.cs");
        File.WriteAllText(file, TinyProbe.Text);
        string uri = new Uri(file).AbsoluteUri;

        await using var server = TestServer.Start(workingDirectory: workspace.Path);
        var client = server.Client;
        var settings = new { fimComplete = new { backend = "ollama", endpoint = stand.Endpoint.AbsoluteUri, remoteModel = "qwen2.5-coder:1.5b-base", remoteContextLength = 2048 } };
        await client.InitializeAsync(workspace.Path, initializationOptions: new { settings = settings.fimComplete });
        var ready = await client.WaitForNotificationAsync("fimComplete/status", p => p.GetProperty("state").GetString() == "ready", TimeSpan.FromSeconds(120));
        Assert.Equal("qwen2.5-coder:1.5b-base", ready.GetProperty("model").GetString());
        Assert.Equal($"ollama at 127.0.0.1:{stand.Endpoint.Port}", ready.GetProperty("provider").GetString());

        Assert.Equal(JsonValueKind.Null, (await client.CallAsync("fimComplete/setApiKey", new { apiKey = Secret })).ValueKind);
        await client.OpenAsync(uri, TinyProbe.Text);

        // The key reloads the backend; completions that ran before it went out without the header.
        JsonElement items = default;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            items = (await client.InlineAsync(uri, TinyProbe.Line, TinyProbe.Character, timeout: TimeSpan.FromSeconds(60))).GetProperty("items");
            if (stand.Requests.Any(r => r.Headers.TryGetValue("Authorization", out var auth) && auth == $"Bearer {Secret}") && items.GetArrayLength() > 0)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal("a + b;", items[0].GetProperty("insertText").GetString());
        var sent = stand.Requests[^1];
        Assert.Equal("/api/generate", sent.Path);
        Assert.True((bool)sent.Json["raw"]!);
        Assert.Contains("    return <|fim_suffix|>", (string)sent.Json["prompt"]!, StringComparison.Ordinal);
        Assert.Equal(2048, (int)sent.Json["options"]!["num_ctx"]!);

        // A burst of failures: status "error" with the category, one log message, no error response to the client.
        this.modelMissing = true;
        for (var i = 0; i < 4; i++)
        {
            var empty = await client.InlineAsync(uri, TinyProbe.Line, TinyProbe.Character, timeout: TimeSpan.FromSeconds(60));
            Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
        }

        var error = await client.WaitForNotificationAsync("fimComplete/status", p => p.GetProperty("state").GetString() == "error", TimeSpan.FromSeconds(30));
        Assert.Contains("model not found", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, CountLogMessages(client, "Remote backend: model not found"));

        // Back to local: no restart, nothing more sent to the stand-in.
        int sentBefore = stand.Requests.Count;
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { fimComplete = new { backend = "local" } } });
        await client.WaitForNotificationAsync("fimComplete/status", p => p.GetProperty("state").GetString() == "ready" && p.GetProperty("provider").GetString() is { } provider && !provider.StartsWith("ollama", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        var local = await client.InlineAsync(uri, TinyProbe.Line, TinyProbe.Character, timeout: TimeSpan.FromSeconds(60));
        Assert.True(local.TryGetProperty("items", out _));
        Assert.Equal(sentBefore, stand.Requests.Count);

        Assert.Equal(0, await server.ShutdownAsync());
        output.WriteLine(server.Log[^Math.Min(4000, server.Log.Length)..]);
        Assert.DoesNotContain(Secret, server.Log, StringComparison.Ordinal);
        Assert.Contains("API key set.", server.Log, StringComparison.Ordinal);
    }

    private static int CountLogMessages(LspConnection client, string text) =>
        client.Notifications.Count(n => n.GetProperty("method").GetString() == "window/logMessage"
            && n.GetProperty("params").GetProperty("message").GetString()!.Contains(text, StringComparison.Ordinal));
}
