using FimComplete.Protocol;

namespace FimComplete.Server.Documents;

/// <summary>An immutable version of an open document. The line index is computed on first use.</summary>
public sealed class DocumentSnapshot
{
    private LineIndex? lineIndex;

    public DocumentSnapshot(string uri, string path, string languageId, int version, string text)
    {
        this.Uri = uri;
        this.Path = path;
        this.LanguageId = languageId;
        this.Version = version;
        this.Text = text;
    }

    public string Uri { get; }

    /// <summary>Local file path for file:// URIs; the URI itself for other schemes.</summary>
    public string Path { get; }

    public string LanguageId { get; }

    public int Version { get; }

    public string Text { get; }

    public LineIndex Lines => this.lineIndex ??= LineIndex.Create(this.Text);

    public int GetOffset(Position position, out bool clamped) => this.Lines.GetOffset(this.Text, position, out clamped);

    public Position GetPosition(int offset) => this.Lines.GetPosition(offset);

    public DocumentSnapshot WithText(int version, string text) => new(this.Uri, this.Path, this.LanguageId, version, text);
}
