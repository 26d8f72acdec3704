using System.Text.Json;

namespace FimComplete.Protocol;

/// <summary>The parts of LSP <c>InitializeParams</c> that the server reads; other members are ignored.</summary>
public sealed record InitializeParams(
    int? ProcessId = null,
    ClientInfo? ClientInfo = null,
    string? Locale = null,
    string? RootPath = null,
    string? RootUri = null,
    JsonElement? InitializationOptions = null,
    ClientCapabilities? Capabilities = null,
    string? Trace = null,
    IReadOnlyList<WorkspaceFolder>? WorkspaceFolders = null);

public sealed record ClientInfo(string Name, string? Version = null);

public sealed record ClientCapabilities(
    WorkspaceClientCapabilities? Workspace = null,
    WindowClientCapabilities? Window = null,
    JsonElement? TextDocument = null,
    JsonElement? General = null,
    JsonElement? Experimental = null);

public sealed record WorkspaceClientCapabilities(
    bool? Configuration = null,
    bool? WorkspaceFolders = null,
    DynamicRegistrationCapability? DidChangeConfiguration = null);

public sealed record DynamicRegistrationCapability(bool? DynamicRegistration = null);

public sealed record WindowClientCapabilities(bool? WorkDoneProgress = null, JsonElement? ShowMessage = null, JsonElement? ShowDocument = null);

/// <summary>
/// <c>initializationOptions</c> as sent by the FimComplete VS Code extension. <see cref="WorkspaceTrusted"/>: the user
/// trusts the workspace (VS Code's workspace trust), so its projects may be loaded with MSBuild, which runs their code;
/// absent or anything but <c>true</c> means untrusted.
/// </summary>
public sealed record FimInitializationOptions(string? ModelPath = null, JsonElement? Settings = null, bool WorkspaceTrusted = false);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo? ServerInfo = null);

public sealed record ServerInfo(string Name, string? Version = null);

public sealed record ServerCapabilities
{
    public string? PositionEncoding { get; init; }

    public TextDocumentSyncOptions? TextDocumentSync { get; init; }

    public bool? InlineCompletionProvider { get; init; }

    public ServerWorkspaceCapabilities? Workspace { get; init; }
}

public sealed record ServerWorkspaceCapabilities(WorkspaceFoldersServerCapabilities? WorkspaceFolders = null);

public sealed record WorkspaceFoldersServerCapabilities(bool Supported, bool ChangeNotifications);

public sealed record TextDocumentSyncOptions(bool OpenClose, TextDocumentSyncKind Change, SaveOptions? Save = null);

public enum TextDocumentSyncKind
{
    None = 0,
    Full = 1,
    Incremental = 2,
}

public sealed record SaveOptions(bool IncludeText);

/// <summary>Params of notifications and requests that carry none (<c>initialized</c> sends <c>{}</c>, <c>shutdown</c> nothing).</summary>
public sealed record EmptyParams;
