using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FimComplete.Inference.Remote;

/// <summary>
/// The one HTTP client the remote backends share: a <see cref="SocketsHttpHandler"/> that keeps connections alive
/// between requests (a completion per keystroke pays the TCP/TLS handshake once), with a connect timeout; each request
/// has its own overall timeout and the caller's cancellation, both of which abort it. A request is retried once only when
/// the connection could not be opened (nothing was sent, so the server cannot have started work on it); failures map to
/// <see cref="RemoteErrorKind"/>.
/// </summary>
public sealed class RemoteHttp : IDisposable
{
    private readonly HttpClient _client;

    public RemoteHttp(TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseProxy = false,
        };
        // Timeouts are per request (RequestTimeout), so the client's own is off.
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Connections opened so far (tests: keep-alive reuses one).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    private int _attempts;

    /// <summary>
    /// Posts <paramref name="body"/> as JSON to <paramref name="url"/> and hands the response stream to
    /// <paramref name="read"/>, under the request timeout and the caller's cancellation. Non-success statuses are thrown
    /// as <see cref="RemoteBackendException"/> with what the server said.
    /// </summary>
    public async Task<T> PostAsync<T>(RemoteBackendSettings settings, Uri url, JsonObject body, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        var payload = body.ToJsonString();
        try
        {
            using var response = await SendWithConnectRetryAsync(settings, url, payload, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var text = await ReadErrorBodyAsync(response, timeout.Token).ConfigureAwait(false);
                throw MapStatus(settings, url, response.StatusCode, text);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                return await read(stream, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException && ex is not ObjectDisposedException)
            {
                // A field of the wrong JSON type (JsonNode.GetValue): the answer is not what the API documents.
                throw new RemoteBackendException(RemoteErrorKind.MalformedResponse, $"{settings.Host} sent an answer this client cannot read: {ex.Message}", ex);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (ex.InnerException is TimeoutException)
            {
                throw new RemoteBackendException(RemoteErrorKind.Unreachable, $"Could not connect to {settings.Host} within {settings.ConnectTimeout.TotalSeconds:F0} s.", ex);
            }

            throw new RemoteBackendException(RemoteErrorKind.Slow, $"{settings.Host} did not answer within {settings.RequestTimeout.TotalSeconds:F0} s.", ex);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteBackendException(RemoteErrorKind.Unreachable, $"{settings.Host}: {Describe(ex)}", ex);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteBackendException(RemoteErrorKind.Unreachable, $"The connection to {settings.Host} was dropped: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new RemoteBackendException(RemoteErrorKind.MalformedResponse, $"{settings.Host} sent JSON this client cannot read: {ex.Message}", ex);
        }
    }

    private async Task<HttpResponseMessage> SendWithConnectRetryAsync(RemoteBackendSettings settings, Uri url, string payload, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
            if (!string.IsNullOrEmpty(settings.ApiKey))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
            }

            Interlocked.Increment(ref _attempts);
            try
            {
                return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (attempt == 0 && ex.HttpRequestError == HttpRequestError.ConnectionError && !cancellationToken.IsCancellationRequested)
            {
                // The connection was never opened: nothing reached the server, so one more try is safe (a server that was
                // restarting, a keep-alive connection it had closed).
            }
        }
    }

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return text.Length > 2000 ? text[..2000] : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>The category for an HTTP error status and the server's error text.</summary>
    public static RemoteBackendException MapStatus(RemoteBackendSettings settings, Uri url, HttpStatusCode status, string body)
    {
        var said = ErrorMessage(body);
        var code = (int)status;
        var kind = code switch
        {
            401 or 403 => RemoteErrorKind.Unauthorized,
            404 => RemoteErrorKind.ModelNotFound,
            _ when IsContextError(said) => RemoteErrorKind.ContextTooLong,
            _ when said.Contains("not found", StringComparison.OrdinalIgnoreCase) && said.Contains("model", StringComparison.OrdinalIgnoreCase) => RemoteErrorKind.ModelNotFound,
            408 or 504 => RemoteErrorKind.Slow,
            _ => RemoteErrorKind.ServerError,
        };
        var detail = kind == RemoteErrorKind.ModelNotFound && code == 404 && said.Length == 0
            ? $" (is '{settings.Model}' served there, and is {url.AbsolutePath} the right path?)"
            : said.Length > 0 ? $": {said}" : string.Empty;
        return new RemoteBackendException(kind, $"{settings.Host} answered {code} {status}{detail}");
    }

    /// <summary>An error a server puts in a response or a stream event: Ollama's <c>{"error": "..."}</c>, llama.cpp's
    /// and OpenAI's <c>{"error": {"message": "...", "type": "..."}}</c>.</summary>
    public static RemoteBackendException StreamError(RemoteBackendSettings settings, JsonNode error)
    {
        var said = error is JsonValue ? error.GetValue<string>() : error["message"]?.ToString() ?? error.ToJsonString();
        var type = error is JsonObject ? error["type"]?.ToString() ?? string.Empty : string.Empty;
        var kind = IsContextError(said) || type.Contains("context", StringComparison.OrdinalIgnoreCase) ? RemoteErrorKind.ContextTooLong
            : said.Contains("not found", StringComparison.OrdinalIgnoreCase) && said.Contains("model", StringComparison.OrdinalIgnoreCase) ? RemoteErrorKind.ModelNotFound
            : type.Contains("authentication", StringComparison.OrdinalIgnoreCase) ? RemoteErrorKind.Unauthorized
            : RemoteErrorKind.ServerError;
        return new RemoteBackendException(kind, $"{settings.Host}: {said}");
    }

    private static bool IsContextError(string said) =>
        said.Contains("context length", StringComparison.OrdinalIgnoreCase)
        || said.Contains("context size", StringComparison.OrdinalIgnoreCase)
        || said.Contains("context window", StringComparison.OrdinalIgnoreCase)
        || said.Contains("too long", StringComparison.OrdinalIgnoreCase)
        || said.Contains("exceed_context", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message inside a JSON error body, or the body itself (shortened).</summary>
    private static string ErrorMessage(string body)
    {
        if (body.Length == 0)
        {
            return string.Empty;
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject obj && obj["error"] is { } error)
            {
                return error is JsonValue ? error.ToString() : error["message"]?.ToString() ?? error.ToJsonString();
            }

            if (JsonNode.Parse(body) is JsonObject other && (other["message"] ?? other["detail"]) is { } message)
            {
                return message.ToString();
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): the start of the text says enough.
        }

        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length > 200 ? flat[..200] + "…" : flat;
    }

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => ex.InnerException is SocketException socket ? $"cannot connect ({socket.SocketErrorCode})" : $"cannot connect ({ex.Message})",
        HttpRequestError.NameResolutionError => "host name not found",
        HttpRequestError.ResponseEnded => "the server closed the connection before the answer was complete",
        HttpRequestError.SecureConnectionError => $"TLS failed ({ex.Message})",
        _ => ex.Message,
    };

    public void Dispose() => _client.Dispose();
}
