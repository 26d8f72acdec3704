using System.Text.Json.Nodes;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Remote;
using FimComplete.Tests.Shared.Remote;
using static FimComplete.Inference.Tests.Remote.RemoteBackendTestKit;

namespace FimComplete.Inference.Tests.Remote;

/// <summary>Ollama's <c>POST /api/generate</c> against a stand-in written from its API documentation.</summary>
public sealed class OllamaGeneratorTests
{
    private static JsonObject Piece(string text) => new() { ["model"] = "qwen2.5-coder:1.5b-base", ["created_at"] = "2026-12-03T10:00:00Z", ["response"] = text, ["done"] = false };

    private static JsonObject Done(string reason = "stop") => new()
    {
        ["model"] = "qwen2.5-coder:1.5b-base", ["created_at"] = "2026-12-03T10:00:01Z", ["response"] = string.Empty, ["done"] = true,
        ["done_reason"] = reason, ["total_duration"] = 174560334, ["prompt_eval_count"] = 57, ["eval_count"] = 5,
    };

    [Fact]
    public async Task A_raw_fim_prompt_with_the_documented_fields_and_a_streamed_answer()
    {
        await using var server = new StandInServer(_ => Reply.Ndjson([Piece("p.X"), Piece(" + p.Y"), Done()]));
        var result = Run(Settings(BackendKind.Ollama, server), Greedy());

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/generate", request.Path);
        var json = request.Json;
        Assert.Equal("qwen2.5-coder:1.5b-base", (string?)json["model"]);
        Assert.True((bool)json["raw"]!);
        Assert.True((bool)json["stream"]!);
        Assert.Null(json["suffix"]);
        Assert.Equal(RemoteFimTemplate.Resolve("qwen", "m")!.Build(Prompt.Prefix, Prompt.Suffix, Prompt.Context, Prompt.FilePath), (string?)json["prompt"]);
        var options = (JsonObject)json["options"]!;
        Assert.Equal(32, (int)options["num_predict"]!);
        Assert.Equal(0, (double)options["temperature"]!);
        Assert.Equal(8192, (int)options["num_ctx"]!);
        Assert.Equal(7, (int)options["seed"]!);
        Assert.Contains("<|endoftext|>", ((JsonArray)options["stop"]!).Select(s => (string?)s));

        var candidate = Assert.Single(result.Candidates);
        Assert.Equal("p.X + p.Y", candidate.Text);
        Assert.True(candidate.EndedOnEot);
        Assert.Equal(57, result.PromptTokens);
    }

    [Fact]
    public async Task Template_server_sends_prompt_and_suffix_and_lets_ollama_apply_the_models_template()
    {
        await using var server = new StandInServer(_ => Reply.Ndjson([Piece("p.X"), Done()]));
        Run(Settings(BackendKind.Ollama, server) with { FimTemplate = "server" }, Greedy());

        var json = Assert.Single(server.Requests).Json;
        Assert.Null(json["raw"]);
        Assert.Equal(Prompt.ContextText + Prompt.Prefix, (string?)json["prompt"]);
        Assert.Equal(Prompt.Suffix, (string?)json["suffix"]);
    }

    [Fact]
    public async Task Sampling_asks_once_per_candidate_with_its_own_seed_greedy_asks_once()
    {
        await using var server = new StandInServer(r => Reply.Ndjson([Piece($"p.X{(int)r.Json["options"]!["seed"]!}"), Done()]));
        var result = Run(Settings(BackendKind.Ollama, server), Greedy() with { Temperature = 0.4f });

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal([7, 8, 9], server.Requests.Select(r => (int)r.Json["options"]!["seed"]!).Order());
        Assert.Equal(["p.X7", "p.X8", "p.X9"], result.Candidates.Select(c => c.Text));
    }

    [Fact]
    public async Task When_one_of_several_requests_fails_the_others_are_cancelled_and_its_error_is_reported()
    {
        var calls = 0;
        var othersArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new StandInServer(_ =>
        {
            var call = Interlocked.Increment(ref calls);
            if (call == 3)
            {
                othersArrived.TrySetResult();
            }

            // The failure comes once the other two requests are on the wire (they are what must be cancelled).
            return call == 1 ? Reply.After(othersArrived.Task, Reply.Json(401, """{"error":"unauthorized"}""")) : Reply.Hang(TimeSpan.FromSeconds(30));
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<RemoteBackendException>(() => Run(Settings(BackendKind.Ollama, server), Greedy() with { Temperature = 0.4f }));
        Assert.Equal(RemoteErrorKind.Unauthorized, error.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        await server.ClientGone.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task The_line_limit_ends_the_request_early_and_a_token_limit_is_not_an_end_of_text()
    {
        await using var server = new StandInServer(_ => Reply.Ndjson([Piece("p.X;"), Piece("\n"), Piece("        return 0;"), Done("length")], pause: TimeSpan.FromMilliseconds(50)));
        var cut = Assert.Single(Run(Settings(BackendKind.Ollama, server), Greedy(maxLines: 1)).Candidates);
        Assert.Equal("p.X;", cut.Text);
        Assert.Equal(StopReason.MaxLines, cut.StopReason);

        var whole = Assert.Single(Run(Settings(BackendKind.Ollama, server), Greedy(maxLines: 0)).Candidates);
        Assert.Equal("p.X;\n        return 0;", whole.Text);
        Assert.Equal(StopReason.MaxTokens, whole.StopReason);
        Assert.False(whole.EndedOnEot);
    }

    [Fact]
    public async Task A_missing_model_is_model_not_found_with_what_ollama_said()
    {
        await using var server = new StandInServer(_ => Reply.Json(404, """{"error":"model \"qwen9:404b\" not found, try pulling it first"}"""));
        var error = Assert.Throws<RemoteBackendException>(() => Run(Settings(BackendKind.Ollama, server, "qwen9:404b"), Greedy()));
        Assert.Equal(RemoteErrorKind.ModelNotFound, error.Kind);
        Assert.Contains("qwen9:404b", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_object_in_the_stream_is_reported_by_its_category()
    {
        await using var server = new StandInServer(_ => Reply.Ndjson([Piece("p"), new JsonObject { ["error"] = "model 'x' not found" }]));
        Assert.Equal(RemoteErrorKind.ModelNotFound, Assert.Throws<RemoteBackendException>(() => Run(Settings(BackendKind.Ollama, server), Greedy())).Kind);
    }
}
