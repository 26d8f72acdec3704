using System.Text.Json.Nodes;
using FimComplete.Inference.Generation;

namespace FimComplete.Inference.Remote;

/// <summary>
/// OpenAI-compatible <c>POST /v1/completions</c> (vLLM, TGI, LM Studio, llama-server): <c>model</c>, <c>prompt</c> as
/// a raw FIM prompt (the template from the model's name or the setting), or, with the template <c>server</c>, the prefix
/// as <c>prompt</c> and the <c>suffix</c> field for servers that support it; <c>max_tokens</c>, <c>n</c> (all
/// candidates in one request: the server shares the prompt between them), <c>stop</c> (at most four),
/// <c>logprobs: 1</c> (each candidate's mean token log-probability goes to the ranking). Streamed answers are
/// server-sent events with <c>choices[{index, text, logprobs, finish_reason}]</c> and <c>data: [DONE]</c>.
/// </summary>
public sealed class OpenAiGenerator(RemoteBackendSettings settings, RemoteHttp http) : RemoteGenerator(settings, http)
{
    public JsonObject BuildBody(FimPrompt prompt, GenerationOptions options)
    {
        var body = new JsonObject { ["model"] = Settings.Model };
        if (Template is { } template)
        {
            body["prompt"] = template.Build(prompt.Prefix, prompt.Suffix, prompt.Context, prompt.FilePath);
        }
        else
        {
            body["prompt"] = prompt.ContextText + prompt.Prefix;
            body["suffix"] = prompt.Suffix;
        }

        body["max_tokens"] = options.MaxNewTokens;
        body["temperature"] = options.Temperature;
        body["top_p"] = options.TopP;
        body["seed"] = options.Seed;
        body["n"] = options.Candidates;
        body["logprobs"] = 1;
        body["stream"] = Settings.Stream;
        if (Template is { } stops)
        {
            body["stop"] = StopArray(stops.Stops, 4);
        }

        return body;
    }

    protected override Task<RemoteAnswer> RequestAsync(FimPrompt prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        var path = Settings.Endpoint.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal) ? "completions" : "v1/completions";
        return Http.PostAsync(Settings, Url(path), BuildBody(prompt, options), async (stream, token) =>
        {
            var candidates = Enumerable.Range(0, options.Candidates).Select(_ => new StreamedCandidate(options)).ToArray();
            var ended = new bool[candidates.Length];
            var promptTokens = 0;
            bool OnObject(JsonObject item)
            {
                if (item["error"] is { } error)
                {
                    throw RemoteHttp.StreamError(Settings, error);
                }

                if (item["usage"] is JsonObject usage)
                {
                    promptTokens = usage["prompt_tokens"]?.GetValue<int>() ?? promptTokens;
                }

                var choices = item["choices"] as JsonArray ?? throw new System.Text.Json.JsonException("A completion answer without 'choices'.");
                foreach (var choice in choices)
                {
                    var index = choice?["index"]?.GetValue<int>() ?? 0;
                    if (index < 0 || index >= candidates.Length)
                    {
                        throw new System.Text.Json.JsonException($"A choice with index {index}; {candidates.Length} were asked for.");
                    }

                    var text = choice!["text"]?.GetValue<string>() ?? throw new System.Text.Json.JsonException("A choice without 'text'.");
                    var (logProb, tokens) = LogProbs(choice["logprobs"]);
                    candidates[index].Append(text, logProb, tokens);
                    if (choice["finish_reason"]?.GetValue<string>() is { } reason)
                    {
                        ended[index] = true;
                        candidates[index].End(reason == "length" ? StopReason.MaxTokens : StopReason.EndOfText);
                    }
                }

                return !candidates.All(c => c.IsFinished);
            }

            if (Settings.Stream)
            {
                await ServerStreams.ReadSseAsync(stream, OnObject, token).ConfigureAwait(false);
            }
            else
            {
                using var reader = new StreamReader(stream);
                OnObject(ServerStreams.ParseObject(await reader.ReadToEndAsync(token).ConfigureAwait(false)));
            }

            if (candidates.Any(c => !c.IsFinished))
            {
                throw EndedEarly();
            }

            return new RemoteAnswer(Finish(candidates), promptTokens);
        }, cancellationToken);
    }

    /// <summary>The sum of the token log-probabilities of a choice (or a streamed piece of it) and its token count.</summary>
    private static (double? Sum, int Tokens) LogProbs(JsonNode? logprobs)
    {
        if (logprobs?["token_logprobs"] is not JsonArray values)
        {
            return (null, 0);
        }

        var sum = 0.0;
        var count = 0;
        foreach (var value in values)
        {
            if (value is not null)
            {
                sum += value.GetValue<double>();
                count++;
            }
        }

        return (sum, count);
    }
}
