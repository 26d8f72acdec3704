using System.Text.Json.Nodes;
using FimComplete.Inference.Generation;

namespace FimComplete.Inference.Remote;

/// <summary>
/// llama.cpp's server, <c>POST /infill</c>: <c>input_prefix</c>, <c>input_suffix</c>, <c>input_extra</c> (the cross-file
/// chunks as <c>{filename, text}</c>; the server writes them in the model's repository-level format where it has one),
/// <c>n_predict</c>, <c>temperature</c>, <c>top_p</c>, <c>seed</c>, <c>cache_prompt</c> (the server keeps the prompt's
/// KV cache between keystrokes), <c>n_probs: 1</c> (the tokens' log-probabilities go to the ranking). The server applies the model's own FIM tokens, so the fimTemplate setting does not
/// apply. Streamed answers are server-sent events with <c>content</c> pieces, the last with <c>stop: true</c> and
/// <c>stop_type</c>. One candidate per request.
/// </summary>
public sealed class LlamaCppGenerator(RemoteBackendSettings settings, RemoteHttp http) : RemoteGenerator(settings, http)
{
    protected override async Task<RemoteAnswer> RequestAsync(FimPrompt prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        var answers = await RequestEachAsync(options.Candidates, (i, token) => RequestOneAsync(prompt, options, i, token), cancellationToken).ConfigureAwait(false);
        return new RemoteAnswer([.. answers.Select(a => a.Candidate)], answers.Max(a => a.PromptTokens));
    }

    public JsonObject BuildBody(FimPrompt prompt, GenerationOptions options, int index) => new()
    {
        ["input_prefix"] = prompt.Prefix,
        ["input_suffix"] = prompt.Suffix,
        ["input_extra"] = new JsonArray([.. prompt.Context.Select(c => (JsonNode)new JsonObject { ["filename"] = c.FileName, ["text"] = c.Text })]),
        ["n_predict"] = options.MaxNewTokens,
        ["temperature"] = options.Temperature,
        ["top_p"] = options.TopP,
        ["seed"] = options.Seed + index,
        ["cache_prompt"] = true,
        ["n_probs"] = 1,
        ["stream"] = Settings.Stream,
    };

    private Task<(GeneratedCandidate Candidate, int PromptTokens)> RequestOneAsync(FimPrompt prompt, GenerationOptions options, int index, CancellationToken cancellationToken) =>
        Http.PostAsync(Settings, Url("infill"), BuildBody(prompt, options, index), async (stream, token) =>
        {
            var candidate = new StreamedCandidate(options);
            var promptTokens = 0;
            var done = false;
            bool OnObject(JsonObject item)
            {
                if (item["error"] is { } error)
                {
                    throw RemoteHttp.StreamError(Settings, error);
                }

                var piece = item["content"]?.GetValue<string>() ?? throw new System.Text.Json.JsonException("A llama.cpp answer without 'content'.");
                var (logProb, tokens) = LogProbs(item["completion_probabilities"]);
                var finished = candidate.Append(piece, logProb, tokens > 0 ? tokens : piece.Length == 0 ? 0 : 1);
                if (item["stop"]?.GetValue<bool>() == true || !Settings.Stream)
                {
                    done = true;
                    promptTokens = item["tokens_evaluated"]?.GetValue<int>() ?? 0;
                    candidate.End(StopReasonOf(item));
                    return false;
                }

                return !finished;
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

            if (!done && !candidate.IsFinished)
            {
                throw EndedEarly();
            }

            return (candidate.ToCandidate(), promptTokens);
        }, cancellationToken);

    /// <summary>
    /// The log-probabilities of the tokens in <c>completion_probabilities</c> (asked for with <c>n_probs</c>): each entry
    /// has <c>logprob</c> (current servers), or the older <c>content</c> with <c>probs: [{tok_str, prob}]</c>.
    /// </summary>
    private static (double? Sum, int Tokens) LogProbs(JsonNode? probabilities)
    {
        if (probabilities is not JsonArray entries || entries.Count == 0)
        {
            return (null, 0);
        }

        var sum = 0.0;
        var count = 0;
        foreach (var entry in entries)
        {
            if (entry?["logprob"] is JsonValue logprob)
            {
                sum += logprob.GetValue<double>();
                count++;
            }
            else if (entry?["probs"] is JsonArray probs && entry["content"]?.GetValue<string>() is { } content
                && probs.FirstOrDefault(p => p?["tok_str"]?.GetValue<string>() == content)?["prob"] is JsonValue prob && prob.GetValue<double>() > 0)
            {
                sum += Math.Log(prob.GetValue<double>());
                count++;
            }
        }

        return count == 0 ? (null, 0) : (sum, count);
    }

    /// <summary><c>stop_type</c> (eos, word, limit), or the older <c>stopped_eos</c>/<c>stopped_word</c>/<c>stopped_limit</c> flags.</summary>
    private static StopReason StopReasonOf(JsonObject item)
    {
        var type = item["stop_type"]?.GetValue<string>();
        if (type == "limit" || item["stopped_limit"]?.GetValue<bool>() == true)
        {
            return StopReason.MaxTokens;
        }

        return type == "word" || item["stopped_word"]?.GetValue<bool>() == true ? StopReason.StopString : StopReason.EndOfText;
    }
}
