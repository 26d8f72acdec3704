using FimComplete.Protocol;

namespace FimComplete.Server.Client;

/// <summary>What the client told the server in <c>initialize</c> (written once, by the initialize handler).</summary>
public sealed class ClientSession
{
    private volatile InitializeParams parameters = new();

    public InitializeParams Parameters => this.parameters;

    public ClientCapabilities Capabilities => this.parameters.Capabilities ?? new ClientCapabilities();

    public bool SupportsConfiguration => this.Capabilities.Workspace?.Configuration == true;

    public bool SupportsWorkDoneProgress => this.Capabilities.Window?.WorkDoneProgress == true;

    /// <summary>Workspace folders: from initialize (the folders, else rootUri, else rootPath), then as changed by
    /// <c>workspace/didChangeWorkspaceFolders</c>.</summary>
    public IReadOnlyList<WorkspaceFolder> WorkspaceFolders { get; private set; } = [];

    public FimInitializationOptions InitializationOptions { get; private set; } = new();

    /// <summary>Whether the user trusts the workspace (initializationOptions.workspaceTrusted, or
    /// <c>fimComplete/workspaceTrusted</c> later); only then are its projects loaded with MSBuild.</summary>
    public bool WorkspaceTrusted => this.trusted;

    private volatile bool trusted;

    public void Initialize(InitializeParams value, FimInitializationOptions options)
    {
        this.parameters = value;
        this.InitializationOptions = options;
        this.trusted = options.WorkspaceTrusted;
        this.WorkspaceFolders = value.WorkspaceFolders is { Count: > 0 } folders ? folders
            : value.RootUri is { Length: > 0 } root ? [new WorkspaceFolder(root, root)]
            : value.RootPath is { Length: > 0 } rootPath && Path.IsPathFullyQualified(rootPath) ? [new WorkspaceFolder(new Uri(rootPath).AbsoluteUri, rootPath)]
            : [];
    }

    /// <summary>The user granted workspace trust (it is never taken back while the server runs).</summary>
    public void GrantWorkspaceTrust() => this.trusted = true;

    public void ChangeWorkspaceFolders(WorkspaceFoldersChangeEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var removed = change.Removed.Select(f => f.Uri).ToHashSet(StringComparer.Ordinal);
        var folders = this.WorkspaceFolders.Where(f => !removed.Contains(f.Uri)).ToList();
        foreach (var added in change.Added)
        {
            if (!folders.Any(f => f.Uri == added.Uri))
            {
                folders.Add(added);
            }
        }

        this.WorkspaceFolders = folders;
    }
}
