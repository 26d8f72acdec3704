using System.Text.Json.Nodes;
using FimComplete.Inference.Generation;

namespace FimComplete.Inference.Remote;

/// <summary>
/// Ollama, <c>POST /api/generate</c>: <c>model</c>, <c>prompt</c> and either <c>raw: true</c> with the FIM template
/// written by us, or <c>suffix</c> (Ollama applies the model's own template); <c>options</c> with <c>num_predict</c>,
/// <c>temperature</c>, <c>top_p</c>, <c>seed</c>, <c>stop</c> and <c>num_ctx</c> (Ollama's default context is smaller
/// than a code prompt and it would cut the prompt silently). Streamed answers are NDJSON objects with
/// <c>response</c> pieces, the last with <c>done: true</c> and <c>done_reason</c>. One candidate per request.
/// </summary>
public sealed class OllamaGenerator(RemoteBackendSettings settings, RemoteHttp http) : RemoteGenerator(settings, http)
{
    protected override async Task<RemoteAnswer> RequestAsync(FimPrompt prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        var answers = await RequestEachAsync(options.Candidates, (i, token) => RequestOneAsync(prompt, options, i, token), cancellationToken).ConfigureAwait(false);
        return new RemoteAnswer([.. answers.Select(a => a.Candidate)], answers.Max(a => a.PromptTokens));
    }

    /// <summary>The request body for candidate <paramref name="index"/> (its own seed).</summary>
    public JsonObject BuildBody(FimPrompt prompt, GenerationOptions options, int index)
    {
        var body = new JsonObject { ["model"] = Settings.Model };
        if (Template is { } template)
        {
            body["prompt"] = template.Build(prompt.Prefix, prompt.Suffix, prompt.Context, prompt.FilePath);
            body["raw"] = true;
        }
        else
        {
            body["prompt"] = prompt.ContextText + prompt.Prefix;
            body["suffix"] = prompt.Suffix;
        }

        body["stream"] = Settings.Stream;
        body["options"] = new JsonObject
        {
            ["num_predict"] = options.MaxNewTokens,
            ["temperature"] = options.Temperature,
            ["top_p"] = options.TopP,
            ["seed"] = options.Seed + index,
            ["num_ctx"] = Settings.ContextLength,
            ["stop"] = StopArray(Template?.Stops ?? []),
        };
        return body;
    }

    private Task<(GeneratedCandidate Candidate, int PromptTokens)> RequestOneAsync(FimPrompt prompt, GenerationOptions options, int index, CancellationToken cancellationToken) =>
        Http.PostAsync(Settings, Url("api/generate"), BuildBody(prompt, options, index), async (stream, token) =>
        {
            var candidate = new StreamedCandidate(options);
            var promptTokens = 0;
            var done = false;
            await ServerStreams.ReadNdjsonAsync(stream, item =>
            {
                if (item["error"] is { } error)
                {
                    throw RemoteHttp.StreamError(Settings, error);
                }

                var piece = item["response"]?.GetValue<string>() ?? throw new System.Text.Json.JsonException("An Ollama answer without 'response'.");
                var finished = candidate.Append(piece, tokens: piece.Length == 0 ? 0 : 1);
                if (item["done"]?.GetValue<bool>() == true)
                {
                    done = true;
                    promptTokens = item["prompt_eval_count"]?.GetValue<int>() ?? 0;
                    candidate.End(item["done_reason"]?.GetValue<string>() == "length" ? StopReason.MaxTokens : StopReason.EndOfText);
                    return false;
                }

                return !finished;
            }, token).ConfigureAwait(false);
            if (!done && !candidate.IsFinished)
            {
                throw EndedEarly();
            }

            return (candidate.ToCandidate(), promptTokens);
        }, cancellationToken);
}
