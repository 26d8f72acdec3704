namespace FimComplete.Protocol;

/// <summary>A zero-based line and a zero-based UTF-16 code unit offset within that line.</summary>
public sealed record Position(int Line, int Character)
{
    public override string ToString() => $"{Line}:{Character}";
}

/// <summary>LSP <c>Range</c> (named so that it does not collide with <see cref="System.Range"/>): end exclusive.</summary>
public sealed record LspRange(Position Start, Position End)
{
    public override string ToString() => $"{Start}-{End}";
}

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record WorkspaceFolder(string Uri, string Name);

public enum MessageType
{
    Error = 1,
    Warning = 2,
    Info = 3,
    Log = 4,
    Debug = 5,
}
