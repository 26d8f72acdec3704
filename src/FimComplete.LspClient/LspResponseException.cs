using System.Text.Json;

namespace FimComplete.LspClient;

/// <summary>The server answered a request with an error.</summary>
public sealed class LspResponseException : InvalidOperationException
{
    public LspResponseException()
    {
    }

    public LspResponseException(string message)
        : base(message)
    {
    }

    public LspResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LspResponseException(string method, JsonElement error)
        : base($"{method} failed: {error.GetRawText()}")
    {
        this.Method = method;
        this.Error = error;
        this.Code = error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 0;
        this.ErrorMessage = error.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() ?? string.Empty : string.Empty;
    }

    public string Method { get; } = string.Empty;

    /// <summary>The error object of the response (code, message, data).</summary>
    public JsonElement Error { get; }

    /// <summary>The JSON-RPC error code.</summary>
    public int Code { get; }

    /// <summary>The error's message as the server wrote it.</summary>
    public string ErrorMessage { get; } = string.Empty;
}
