using System.Text.Json.Nodes;

namespace FimComplete.Inference.Remote;

/// <summary>The two streaming formats: newline-delimited JSON (Ollama) and server-sent events (llama.cpp, OpenAI).</summary>
internal static class ServerStreams
{
    /// <summary>Each JSON object of an NDJSON body; <paramref name="onObject"/> returns false to stop reading.</summary>
    public static async Task ReadNdjsonAsync(Stream stream, Func<JsonObject, bool> onObject, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (!onObject(ParseObject(line)))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The data of each server-sent event (<c>data: {...}</c>, events separated by blank lines; comments and other fields
    /// skipped) until <c>data: [DONE]</c> or the end; an <c>error:</c> field (llama-server) is handed over as
    /// <c>{"error": ...}</c>. <paramref name="onData"/> returns false to stop reading.
    /// </summary>
    public static async Task ReadSseAsync(Stream stream, Func<JsonObject, bool> onData, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var data = line[5..].Trim();
                if (data == "[DONE]")
                {
                    return;
                }

                if (!onData(ParseObject(data)))
                {
                    return;
                }
            }
            else if (line.StartsWith("error:", StringComparison.Ordinal))
            {
                onData(new JsonObject { ["error"] = JsonNode.Parse(line[6..].Trim()) });
                return;
            }
        }
    }

    /// <summary>A JSON object, or a <see cref="System.Text.Json.JsonException"/> (malformed response).</summary>
    public static JsonObject ParseObject(string json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new System.Text.Json.JsonException($"Expected a JSON object, got: {(json.Length > 80 ? json[..80] + "…" : json)}");
}
