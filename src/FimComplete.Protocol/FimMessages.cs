namespace FimComplete.Protocol;

/// <summary>Values of <see cref="FimStatusParams.State"/>.</summary>
public static class FimStatusStates
{
    public const string Loading = "loading";
    public const string Ready = "ready";
    public const string Error = "error";
    public const string Disabled = "disabled";
}

/// <summary><c>fimComplete/status</c>: sent on every change of the server's state (the extension's status bar item).</summary>
public sealed record FimStatusParams(string State, string? Message = null, string? Model = null, string? Provider = null);

/// <summary>Result of <c>fimComplete/modelInfo</c>.</summary>
public sealed record FimModelInfo(string Name, string Path, string Provider, int ContextLength, string Template);

/// <summary>Params of <c>fimComplete/workspaceTrusted</c> (client -> server): the user granted workspace trust.
/// <see cref="Trusted"/> false is ignored: trust is never withdrawn from a running server.</summary>
public sealed record WorkspaceTrustedParams(bool Trusted = true);

/// <summary>Params of <c>fimComplete/prefill</c>: where the editor's cursor is now.</summary>
public sealed record PrefillParams(TextDocumentIdentifier TextDocument, Position Position);

/// <summary>Params of <c>fimComplete/setApiKey</c>: the key, or null to clear it. <see cref="ToString"/> leaves the key out.</summary>
public sealed record SetApiKeyParams(string? ApiKey = null)
{
    public override string ToString() => ApiKey is null ? "SetApiKeyParams { cleared }" : "SetApiKeyParams { set }";
}

/// <summary>Params of <c>fimComplete/debug/documentText</c>.</summary>
public sealed record DocumentTextParams(string Uri);

/// <summary>Params of <c>fimComplete/debug/memory</c>: <see cref="Collect"/> runs a full, compacting garbage collection first.</summary>
public sealed record DebugMemoryParams(bool Collect = false);

/// <summary>
/// Result of <c>fimComplete/debug/memory</c> (bytes): the process working set, the managed heap (live objects after the
/// last collection), the memory the garbage collector has committed, everything allocated so far, and counts.
/// </summary>
public sealed record DebugMemoryInfo(long WorkingSet, long ManagedHeap, long ManagedCommitted, long TotalAllocated, int Gen2Collections, int Threads, long JitCompiledMethods);
