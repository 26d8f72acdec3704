namespace FimComplete.Server.Dispatch;

/// <summary>Names the LSP method a handler class implements (one class per method, as in Roslyn's LanguageServer).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LspMethodAttribute : Attribute
{
    public LspMethodAttribute(string method)
    {
        this.Method = method;
    }

    public string Method { get; }

    /// <summary>
    /// True for handlers that change server state (text sync, configuration, lifecycle): the queue runs them to
    /// completion, in the order received, before it starts anything after them. Other handlers start in order
    /// (their synchronous part sees the state left by everything before them) and then run concurrently.
    /// </summary>
    public bool MutatesState { get; init; }
}

/// <summary>Handles one LSP request.</summary>
public interface IRequestHandler<in TParams, TResult>
    where TParams : class
{
    Task<TResult> HandleRequestAsync(TParams request, CancellationToken cancellationToken);
}

/// <summary>Handles one LSP notification.</summary>
public interface INotificationHandler<in TParams>
    where TParams : class
{
    Task HandleNotificationAsync(TParams notification, CancellationToken cancellationToken);
}
