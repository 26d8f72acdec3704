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

    /// <summary>Workspace folders, or the root URI as the only folder, or none.</summary>
    public IReadOnlyList<WorkspaceFolder> WorkspaceFolders { get; private set; } = [];

    public FimInitializationOptions InitializationOptions { get; private set; } = new();

    public void Initialize(InitializeParams value, FimInitializationOptions options)
    {
        this.parameters = value;
        this.InitializationOptions = options;
        this.WorkspaceFolders = value.WorkspaceFolders is { Count: > 0 } folders
            ? folders
            : value.RootUri is { Length: > 0 } root ? [new WorkspaceFolder(root, root)] : [];
    }
}
