namespace FimComplete.Inference.Remote;

/// <summary>Which generator runs the completions.</summary>
public enum BackendKind
{
    /// <summary>The bundled ONNX model, in process (the default: nothing leaves the machine).</summary>
    Local,

    /// <summary>Ollama's <c>POST /api/generate</c>.</summary>
    Ollama,

    /// <summary>llama.cpp's server (<c>llama-server</c>), <c>POST /infill</c>.</summary>
    LlamaCpp,

    /// <summary>Any OpenAI-compatible <c>POST /v1/completions</c> (vLLM, TGI, LM Studio, llama-server).</summary>
    OpenAi,
}

public static class BackendKinds
{
    /// <summary>The setting's spelling: local, ollama, llamacpp, openai.</summary>
    public static string Name(BackendKind kind) => kind switch
    {
        BackendKind.Ollama => "ollama",
        BackendKind.LlamaCpp => "llamacpp",
        BackendKind.OpenAi => "openai",
        _ => "local",
    };

    public static bool TryParse(string? value, out BackendKind kind)
    {
        kind = value?.Trim().ToLowerInvariant() switch
        {
            "local" or "" or null => BackendKind.Local,
            "ollama" => BackendKind.Ollama,
            "llamacpp" or "llama.cpp" or "llama-server" => BackendKind.LlamaCpp,
            "openai" => BackendKind.OpenAi,
            _ => (BackendKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    /// <summary>Where each server listens out of the box.</summary>
    public static Uri DefaultEndpoint(BackendKind kind) => kind switch
    {
        BackendKind.Ollama => new Uri("http://127.0.0.1:11434/"),
        BackendKind.LlamaCpp => new Uri("http://127.0.0.1:8080/"),
        _ => new Uri("http://127.0.0.1:8000/"),
    };
}

/// <summary>
/// A remote backend: the server's kind and base address, the model it serves, its FIM template (<c>auto</c>: from the
/// model's name) and context length, the API key (sent as a bearer token; never printed: <see cref="ToString"/> leaves
/// it out) and the time limits.
/// </summary>
public sealed record RemoteBackendSettings(BackendKind Kind, Uri Endpoint, string Model)
{
    /// <summary><c>auto</c>, a template name (qwen, starcoder, deepseek, codellama, codegemma), or <c>server</c>: send
    /// prefix and suffix in the API's own fields and let the server apply the model's template.</summary>
    public string FimTemplate { get; init; } = "auto";

    /// <summary>The model's context window in tokens as the server runs it (Ollama's num_ctx, llama-server's -c).</summary>
    public int ContextLength { get; init; } = 4096;

    public string? ApiKey { get; init; }

    /// <summary>Opening the connection (DNS, TCP, TLS); a refused or timed-out connect is "unreachable".</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The whole request, answer included; past it the request is aborted and reported as "slow".</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Stream the answer (NDJSON or server-sent events), so a candidate that reaches its line limit ends the
    /// request early instead of waiting for the server's token limit.</summary>
    public bool Stream { get; init; } = true;

    /// <summary>The host and port the requests go to (status bar tooltip, logs).</summary>
    public string Host => Endpoint.IsDefaultPort ? Endpoint.Host : $"{Endpoint.Host}:{Endpoint.Port}";

    /// <summary>Everything but the API key (whether one is set is said).</summary>
    public override string ToString() =>
        $"{BackendKinds.Name(Kind)} at {Endpoint} model '{Model}' template {FimTemplate} context {ContextLength}{(string.IsNullOrEmpty(ApiKey) ? string.Empty : " (API key set)")}";
}
