using System.Diagnostics;
using System.Text.Json.Nodes;
using FimComplete.Inference.Generation;

namespace FimComplete.Inference.Remote;

/// <summary>
/// What the three HTTP backends share: the prompt's texts (not the local token ids) go to the server; n candidates come
/// from one request where the API has <c>n</c>, else from n concurrent requests, and only when sampling (greedy
/// decoding would give n copies of one answer); the local limits (stop strings, line limit) are applied to the streamed
/// text and end the request early. No logits processors: the member constraint, token healing and the cache LM are local
/// only.
/// </summary>
public abstract class RemoteGenerator : ICandidateGenerator
{
    /// <summary>Share of the server's context the prompt budget may take: the budget is counted with the bundled
    /// model's tokenizer, and a server model's tokenizer can need more tokens for the same code.</summary>
    public const double TokenizerMargin = 0.85;

    protected RemoteGenerator(RemoteBackendSettings settings, RemoteHttp http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Model))
        {
            throw new ArgumentException($"No remote model named for the {BackendKinds.Name(settings.Kind)} backend at {settings.Host}: set fimComplete.remoteModel (e.g. qwen2.5-coder:1.5b-base).", nameof(settings));
        }

        Settings = settings;
        Http = http;
        Template = RemoteFimTemplate.Resolve(settings.FimTemplate, settings.Model);
    }

    public RemoteBackendSettings Settings { get; }

    protected RemoteHttp Http { get; }

    /// <summary>The raw-prompt format; null: prefix and suffix go in the API's own fields (the server's template).</summary>
    public RemoteFimTemplate? Template { get; }

    public string ModelName => Settings.Model;

    public string Location => $"{BackendKinds.Name(Settings.Kind)} at {Settings.Host}";

    public int ContextLength => Math.Max(64, (int)(Settings.ContextLength * TokenizerMargin));

    public bool SupportsLogitsProcessors => false;

    /// <summary>Called on a pool thread by the engine, whose pipeline is synchronous (Roslyn analysis and ranking are
    /// CPU work); the wait is for the network.</summary>
    public GenerationResult Generate(FimPrompt prompt, GenerationOptions options, CancellationToken cancellationToken) =>
        GenerateAsync(prompt, options, cancellationToken).GetAwaiter().GetResult();

    public async Task<GenerationResult> GenerateAsync(FimPrompt prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        var stops = options.StopStrings.Concat(Template?.Stops ?? []).Distinct(StringComparer.Ordinal).ToArray();
        var effective = options with { StopStrings = stops, Candidates = options.Temperature > 0 ? Math.Max(1, options.Candidates) : 1 };
        var clock = Stopwatch.StartNew();
        var answer = await RequestAsync(prompt, effective, cancellationToken).ConfigureAwait(false);
        return new GenerationResult(answer.Candidates, answer.PromptTokens, 0, answer.PromptTokens, 0) { DecodeModelTime = clock.Elapsed };
    }

    /// <summary>The candidates for one prompt (<see cref="GenerationOptions.Candidates"/> of them, 1 when greedy).</summary>
    protected abstract Task<RemoteAnswer> RequestAsync(FimPrompt prompt, GenerationOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// One request per candidate, concurrently (APIs without <c>n</c>). The first failure cancels the other requests
    /// (nobody waits for their answers) and is what the caller sees, not the cancellations it caused.
    /// </summary>
    protected static async Task<T[]> RequestEachAsync<T>(int count, Func<int, CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            try
            {
                return await request(i, siblings.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await siblings.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }).ToArray();
        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested
            && tasks.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } cause)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }

    /// <summary>The API's URL under the configured endpoint (its path kept: a proxy may serve the API under one).</summary>
    protected Uri Url(string relative)
    {
        var baseUri = Settings.Endpoint.AbsoluteUri.EndsWith('/') ? Settings.Endpoint : new Uri(Settings.Endpoint.AbsoluteUri + "/");
        return new Uri(baseUri, relative);
    }

    /// <summary>The stop strings as a JSON array (at most <paramref name="max"/>: OpenAI's API takes four).</summary>
    protected static JsonArray StopArray(IEnumerable<string> stops, int max = int.MaxValue) => [.. stops.Take(max).Select(s => (JsonNode)s)];

    /// <summary>A stream that ended before the server said the candidate was complete (a dropped connection).</summary>
    protected RemoteBackendException EndedEarly() =>
        new(RemoteErrorKind.Unreachable, $"The answer from {Settings.Host} stopped before it was complete (connection dropped).");

    /// <summary>Ends a candidate for each n-candidate request that returns a list.</summary>
    private protected static IReadOnlyList<GeneratedCandidate> Finish(IEnumerable<StreamedCandidate> candidates) =>
        [.. candidates.Select(c => c.ToCandidate())];
}

/// <summary>A server's candidates and the prompt tokens it reported (0 when it did not).</summary>
public sealed record RemoteAnswer(IReadOnlyList<GeneratedCandidate> Candidates, int PromptTokens);

/// <summary>Makes the generator for a remote backend's settings.</summary>
public static class RemoteGenerators
{
    public static RemoteGenerator Create(RemoteBackendSettings settings, RemoteHttp http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            BackendKind.Ollama => new OllamaGenerator(settings, http),
            BackendKind.LlamaCpp => new LlamaCppGenerator(settings, http),
            BackendKind.OpenAi => new OpenAiGenerator(settings, http),
            _ => throw new ArgumentException("The local backend has no remote generator.", nameof(settings)),
        };
    }
}
