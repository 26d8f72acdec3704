using System.Text.Json.Nodes;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Remote;
using FimComplete.Tests.Shared.Remote;
using static FimComplete.Inference.Tests.Remote.RemoteBackendTestKit;

namespace FimComplete.Inference.Tests.Remote;

/// <summary>OpenAI-compatible <c>POST /v1/completions</c> (vLLM, TGI, LM Studio) against a stand-in written from the
/// OpenAI completions reference.</summary>
public sealed class OpenAiGeneratorTests
{
    private static JsonObject Chunk(int index, string text, double[] logprobs, string? finish = null) => new()
    {
        ["id"] = "cmpl-1", ["object"] = "text_completion", ["created"] = 1764756000, ["model"] = "Qwen/Qwen2.5-Coder-7B",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = index, ["text"] = text, ["finish_reason"] = finish,
            ["logprobs"] = new JsonObject { ["tokens"] = new JsonArray([.. logprobs.Select(_ => (JsonNode)"t")]), ["token_logprobs"] = new JsonArray([.. logprobs.Select(l => (JsonNode)l)]) },
        }),
    };

    [Fact]
    public async Task N_candidates_in_one_request_with_logprobs_for_the_ranking()
    {
        await using var server = new StandInServer(_ => Reply.Sse(
        [
            Chunk(0, "p.X", [-0.1, -0.2]), Chunk(1, "p.Y", [-1.0]), Chunk(2, "0", [-3.0]),
            Chunk(0, " + p.Y", [-0.3], "stop"), Chunk(1, " - 1", [-2.0, -0.5], "stop"), Chunk(2, string.Empty, [], "length"),
        ]));
        var result = Run(Settings(BackendKind.OpenAi, server, "Qwen/Qwen2.5-Coder-7B"), Greedy() with { Temperature = 0.6f });

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/completions", request.Path);
        var json = request.Json;
        Assert.Equal("Qwen/Qwen2.5-Coder-7B", (string?)json["model"]);
        Assert.Equal(RemoteFimTemplate.Resolve("qwen", "m")!.Build(Prompt.Prefix, Prompt.Suffix, Prompt.Context, Prompt.FilePath), (string?)json["prompt"]);
        Assert.Null(json["suffix"]);
        Assert.Equal(32, (int)json["max_tokens"]!);
        Assert.Equal(3, (int)json["n"]!);
        Assert.Equal(1, (int)json["logprobs"]!);
        Assert.True((bool)json["stream"]!);
        var stops = ((JsonArray)json["stop"]!).Select(s => (string?)s).ToList();
        Assert.InRange(stops.Count, 1, 4);
        Assert.Equal("<|endoftext|>", stops[0]);

        Assert.Equal(["p.X + p.Y", "p.Y - 1", "0"], result.Candidates.Select(c => c.Text));
        Assert.Equal(-0.2, result.Candidates[0].MeanLogProb, 6);
        Assert.Equal(-3.5 / 3, result.Candidates[1].MeanLogProb, 6);
        Assert.True(result.Candidates[0].EndedOnEot);
        Assert.False(result.Candidates[2].EndedOnEot);
    }

    [Fact]
    public async Task An_endpoint_ending_in_v1_and_the_server_template_send_prompt_and_suffix_to_v1_completions()
    {
        await using var server = new StandInServer(_ => Reply.Json(200, """{"id":"c","object":"text_completion","choices":[{"index":0,"text":"p.X","finish_reason":"stop","logprobs":null}],"usage":{"prompt_tokens":70,"completion_tokens":2}}"""));
        var settings = Settings(BackendKind.OpenAi, server, "my-model") with { Endpoint = new Uri(server.Endpoint, "v1"), Stream = false };
        var result = Run(settings, Greedy());

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/completions", request.Path);
        Assert.Equal(Prompt.ContextText + Prompt.Prefix, (string?)request.Json["prompt"]);
        Assert.Equal(Prompt.Suffix, (string?)request.Json["suffix"]);
        Assert.Null(request.Json["stop"]);
        Assert.Equal(1, (int)request.Json["n"]!);
        Assert.Equal("p.X", Assert.Single(result.Candidates).Text);
        Assert.Equal(70, result.PromptTokens);
    }

    [Theory]
    [InlineData(404, """{"error":{"message":"The model `nope` does not exist.","type":"NotFoundError","param":null,"code":404}}""", RemoteErrorKind.ModelNotFound)]
    [InlineData(400, """{"object":"error","message":"This model's maximum context length is 2048 tokens. However, you requested 4000 tokens (3968 in the messages, 32 in the completion).","type":"BadRequestError","code":400}""", RemoteErrorKind.ContextTooLong)]
    [InlineData(403, """{"error":{"message":"forbidden"}}""", RemoteErrorKind.Unauthorized)]
    [InlineData(500, "Internal Server Error", RemoteErrorKind.ServerError)]
    public async Task Error_statuses_map_to_what_the_user_can_act_on(int status, string body, RemoteErrorKind expected)
    {
        await using var server = new StandInServer(_ => Reply.Json(status, body));
        Assert.Equal(expected, Assert.Throws<RemoteBackendException>(() => Run(Settings(BackendKind.OpenAi, server), Greedy())).Kind);
    }

    [Fact]
    public async Task Malformed_json_in_the_stream_is_a_malformed_response()
    {
        await using var server = new StandInServer(_ => Reply.Stream("text/event-stream", ["data: {\"choices\": [{\"index\": 0, \"text\": \"p.\n\n"]));
        Assert.Equal(RemoteErrorKind.MalformedResponse, Assert.Throws<RemoteBackendException>(() => Run(Settings(BackendKind.OpenAi, server), Greedy())).Kind);

        await using var missing = new StandInServer(_ => Reply.Json(200, """{"id":"c","object":"text_completion"}"""));
        Assert.Equal(RemoteErrorKind.MalformedResponse, Assert.Throws<RemoteBackendException>(() => Run(Settings(BackendKind.OpenAi, missing) with { Stream = false }, Greedy())).Kind);

        await using var wrongType = new StandInServer(_ => Reply.Json(200, """{"choices":[{"index":0,"text":42,"finish_reason":"stop"}]}"""));
        Assert.Equal(RemoteErrorKind.MalformedResponse, Assert.Throws<RemoteBackendException>(() => Run(Settings(BackendKind.OpenAi, wrongType) with { Stream = false }, Greedy())).Kind);
    }
}
