namespace FimComplete.Protocol;

/// <summary>JSON-RPC method names used by the FimComplete language server.</summary>
public static class LspMethods
{
    public const string Initialize = "initialize";
    public const string Initialized = "initialized";
    public const string Shutdown = "shutdown";
    public const string Exit = "exit";
    public const string CancelRequest = "$/cancelRequest";
    public const string Progress = "$/progress";
    public const string SetTrace = "$/setTrace";

    public const string TextDocumentDidOpen = "textDocument/didOpen";
    public const string TextDocumentDidChange = "textDocument/didChange";
    public const string TextDocumentDidClose = "textDocument/didClose";
    public const string TextDocumentDidSave = "textDocument/didSave";
    public const string TextDocumentInlineCompletion = "textDocument/inlineCompletion";

    public const string WorkspaceDidChangeConfiguration = "workspace/didChangeConfiguration";
    public const string WorkspaceConfiguration = "workspace/configuration";
    public const string WorkspaceDidChangeWorkspaceFolders = "workspace/didChangeWorkspaceFolders";

    public const string WindowLogMessage = "window/logMessage";
    public const string WindowShowMessage = "window/showMessage";
    public const string WindowWorkDoneProgressCreate = "window/workDoneProgress/create";

    /// <summary>Server -> client notification with <see cref="FimStatusParams"/>.</summary>
    public const string FimStatus = "fimComplete/status";

    /// <summary>Client -> server request; result <see cref="FimModelInfo"/> or null.</summary>
    public const string FimModelInfo = "fimComplete/modelInfo";

    /// <summary>Client -> server notification with <see cref="WorkspaceTrustedParams"/>: the user granted workspace trust;
    /// the server then loads the workspace's projects with MSBuild (no restart).</summary>
    public const string FimWorkspaceTrusted = "fimComplete/workspaceTrusted";

    /// <summary>Client -> server notification with <see cref="PrefillParams"/>: the editor's cursor is on a new line (or a
    /// document was opened there); the server prepares a request at that place in the background (analysis, prompt
    /// cache), cancelled by the next request.</summary>
    public const string FimPrefill = "fimComplete/prefill";

    /// <summary>Client -> server request with <see cref="SetApiKeyParams"/> (result null): the remote backend's API key,
    /// which the extension keeps in VS Code's SecretStorage; the server holds it in memory and never logs it.</summary>
    public const string FimSetApiKey = "fimComplete/setApiKey";

    /// <summary>Client -> server request (tests and diagnostics): the server's copy of a document's text, or null.
    /// Like every <c>fimComplete/debug/*</c> request, answered only when debug requests are on (<c>--enable-debug-requests</c>
    /// or <c>fimComplete.logLevel</c> debug); otherwise MethodNotFound.</summary>
    public const string FimDebugDocumentText = "fimComplete/debug/documentText";

    /// <summary>Client -> server request (tests and diagnostics): the server's memory, optionally after a full garbage collection.</summary>
    public const string FimDebugMemory = "fimComplete/debug/memory";
}

/// <summary>JSON-RPC and LSP error codes.</summary>
public static class LspErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int UnknownErrorCode = -32001;
    public const int RequestFailed = -32803;
    public const int ServerCancelled = -32802;
    public const int ContentModified = -32801;
    public const int RequestCancelled = -32800;
}
