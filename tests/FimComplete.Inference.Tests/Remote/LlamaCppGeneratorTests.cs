using System.Text.Json.Nodes;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Remote;
using FimComplete.Tests.Shared.Remote;
using static FimComplete.Inference.Tests.Remote.RemoteBackendTestKit;

namespace FimComplete.Inference.Tests.Remote;

/// <summary>llama.cpp's <c>POST /infill</c> against a stand-in written from the server's README.</summary>
public sealed class LlamaCppGeneratorTests
{
    private static JsonObject Piece(string text) => new() { ["index"] = 0, ["content"] = text, ["stop"] = false };

    [Fact]
    public async Task Prefix_suffix_and_cross_file_chunks_go_in_the_infill_fields_and_the_stream_is_read()
    {
        await using var server = new StandInServer(_ => Reply.Sse(
            [Piece("p.X"), Piece(" + p.Y"), new JsonObject { ["content"] = string.Empty, ["stop"] = true, ["stop_type"] = "eos", ["tokens_evaluated"] = 61, ["tokens_predicted"] = 5 }],
            done: false));
        var result = Run(Settings(BackendKind.LlamaCpp, server) with { ApiKey = "sk-secret-123" }, Greedy());

        var request = Assert.Single(server.Requests);
        Assert.Equal("/infill", request.Path);
        Assert.Equal("Bearer sk-secret-123", request.Headers["Authorization"]);
        var json = request.Json;
        Assert.Equal(Prompt.Prefix, (string?)json["input_prefix"]);
        Assert.Equal(Prompt.Suffix, (string?)json["input_suffix"]);
        var extra = Assert.Single((JsonArray)json["input_extra"]!)!;
        Assert.Equal("context/Signatures.cs", (string?)extra["filename"]);
        Assert.Equal(Prompt.Context[0].Text, (string?)extra["text"]);
        Assert.Equal(32, (int)json["n_predict"]!);
        Assert.True((bool)json["cache_prompt"]!);
        Assert.True((bool)json["stream"]!);

        var candidate = Assert.Single(result.Candidates);
        Assert.Equal("p.X + p.Y", candidate.Text);
        Assert.True(candidate.EndedOnEot);
        Assert.Equal(61, result.PromptTokens);
    }

    [Fact]
    public async Task Token_probabilities_of_current_and_older_servers_become_the_candidates_mean_log_probability()
    {
        await using var server = new StandInServer(_ => Reply.Sse(
        [
            new JsonObject { ["content"] = "p.X", ["stop"] = false, ["completion_probabilities"] = new JsonArray(new JsonObject { ["id"] = 79, ["token"] = "p", ["logprob"] = -0.5 }, new JsonObject { ["id"] = 13, ["token"] = ".X", ["logprob"] = -1.5 }) },
            new JsonObject { ["content"] = ";", ["stop"] = false, ["completion_probabilities"] = new JsonArray(new JsonObject { ["content"] = ";", ["probs"] = new JsonArray(new JsonObject { ["tok_str"] = ";", ["prob"] = Math.Exp(-1.0) }, new JsonObject { ["tok_str"] = ")", ["prob"] = 0.1 }) }) },
            new JsonObject { ["content"] = string.Empty, ["stop"] = true, ["stop_type"] = "eos" },
        ], done: false));
        var candidate = Assert.Single(Run(Settings(BackendKind.LlamaCpp, server), Greedy()).Candidates);
        Assert.Equal(1, (int)Assert.Single(server.Requests).Json["n_probs"]!);
        Assert.Equal("p.X;", candidate.Text);
        Assert.Equal(-1.0, candidate.MeanLogProb, 6);
    }

    [Fact]
    public async Task Without_streaming_one_answer_with_stop_type_limit()
    {
        await using var server = new StandInServer(_ => Reply.Json(200, """{"content":"p.X + p.","stop":true,"stop_type":"limit","tokens_evaluated":61}"""));
        var candidate = Assert.Single(Run(Settings(BackendKind.LlamaCpp, server) with { Stream = false }, Greedy()).Candidates);
        Assert.Equal("p.X + p.", candidate.Text);
        Assert.Equal(StopReason.MaxTokens, candidate.StopReason);
        Assert.False((bool)Assert.Single(server.Requests).Json["stream"]!);
    }

    [Fact]
    public async Task A_wrong_api_key_is_unauthorized_and_the_key_is_in_no_message()
    {
        await using var server = new StandInServer(_ => Reply.Json(401, """{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}"""));
        var settings = Settings(BackendKind.LlamaCpp, server) with { ApiKey = "sk-secret-123" };
        var error = Assert.Throws<RemoteBackendException>(() => Run(settings, Greedy()));
        Assert.Equal(RemoteErrorKind.Unauthorized, error.Kind);
        Assert.Contains("Invalid API Key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-123", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-123", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_over_the_servers_context_is_context_too_long()
    {
        await using var server = new StandInServer(_ => Reply.Json(400, """{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":8192}}"""));
        Assert.Equal(RemoteErrorKind.ContextTooLong, Assert.Throws<RemoteBackendException>(() => Run(Settings(BackendKind.LlamaCpp, server), Greedy())).Kind);
    }
}
