using System.Collections.Concurrent;
using FimComplete.Protocol;

namespace FimComplete.Server.Documents;

/// <summary>
/// The text of the open C# documents, by URI. Writers are the text synchronisation handlers, which the request queue runs
/// one at a time in the order the client sent them; readers take immutable snapshots at any time.
/// </summary>
public sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, DocumentSnapshot> documents = new(StringComparer.Ordinal);

    public int Count => this.documents.Count;

    public bool TryGet(string uri, out DocumentSnapshot snapshot) => this.documents.TryGetValue(uri, out snapshot!);

    public DocumentSnapshot Open(TextDocumentItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var snapshot = new DocumentSnapshot(item.Uri, DocumentUris.ToPath(item.Uri), item.LanguageId, item.Version, item.Text);
        this.documents[item.Uri] = snapshot;
        return snapshot;
    }

    /// <summary>Applies changes to an open document; returns null when the document is not open.</summary>
    public DocumentSnapshot? Change(string uri, int version, IReadOnlyList<TextDocumentContentChangeEvent> changes, out int warnings)
    {
        warnings = 0;
        if (!this.documents.TryGetValue(uri, out var current))
        {
            return null;
        }

        string text = TextEdits.Apply(current.Text, changes, out warnings);
        var next = current.WithText(version, text);
        this.documents[uri] = next;
        return next;
    }

    public DocumentSnapshot? Close(string uri) => this.documents.TryRemove(uri, out var removed) ? removed : null;
}
