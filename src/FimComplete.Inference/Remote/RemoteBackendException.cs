namespace FimComplete.Inference.Remote;

/// <summary>What went wrong with a remote backend, in the terms a user acts on.</summary>
public enum RemoteErrorKind
{
    /// <summary>No connection (refused, DNS, connect timeout, dropped before an answer).</summary>
    Unreachable,

    /// <summary>401 or 403: the API key is missing or wrong.</summary>
    Unauthorized,

    /// <summary>The server does not have the model (404, Ollama's "model not found").</summary>
    ModelNotFound,

    /// <summary>The prompt does not fit the server's context (lower the context length setting).</summary>
    ContextTooLong,

    /// <summary>No complete answer within the request timeout.</summary>
    Slow,

    /// <summary>The server answered with an error of its own (5xx, or another 4xx).</summary>
    ServerError,

    /// <summary>The answer is not what the API documents (not JSON, fields missing).</summary>
    MalformedResponse,
}

/// <summary>A remote backend failed; <see cref="Kind"/> is the category the status bar shows, the message names the
/// host and what the server said (never the API key).</summary>
public sealed class RemoteBackendException : Exception
{
    public RemoteBackendException(RemoteErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public RemoteBackendException()
        : this(RemoteErrorKind.ServerError, "The remote backend failed.")
    {
    }

    public RemoteBackendException(string message)
        : this(RemoteErrorKind.ServerError, message)
    {
    }

    public RemoteBackendException(string message, Exception innerException)
        : this(RemoteErrorKind.ServerError, message, innerException)
    {
    }

    public RemoteErrorKind Kind { get; }

    /// <summary>The category in a few words (status bar).</summary>
    public static string Describe(RemoteErrorKind kind) => kind switch
    {
        RemoteErrorKind.Unreachable => "server unreachable",
        RemoteErrorKind.Unauthorized => "unauthorized (check the API key)",
        RemoteErrorKind.ModelNotFound => "model not found on the server",
        RemoteErrorKind.ContextTooLong => "prompt longer than the server's context (lower fimComplete.remoteContextLength)",
        RemoteErrorKind.Slow => "server too slow (request timed out)",
        RemoteErrorKind.MalformedResponse => "malformed response from the server",
        _ => "server error",
    };
}
