using System.Text.Json;

namespace FimComplete.Protocol;

/// <summary><c>settings</c> is whatever the client sends: <c>{"fimComplete": {...}}</c> (push) or null (pull).</summary>
public sealed record DidChangeConfigurationParams(JsonElement? Settings = null);

public sealed record ConfigurationParams(IReadOnlyList<ConfigurationItem> Items);

public sealed record ConfigurationItem(string? Section = null, string? ScopeUri = null);

public sealed record DidChangeWorkspaceFoldersParams(WorkspaceFoldersChangeEvent Event);

public sealed record WorkspaceFoldersChangeEvent(IReadOnlyList<WorkspaceFolder> Added, IReadOnlyList<WorkspaceFolder> Removed);
