using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// The texts of the documents the editor has open, which override the files (kept LF-normalised, as the model sees
/// them); an edit reaches Roslyn as an incremental change of the previous text. Not thread-safe: the workspace calls it
/// under its lock.
/// </summary>
internal sealed class OpenDocumentOverlay(IEqualityComparer<string> pathComparer, DocumentPlacement placement)
{
    private readonly Dictionary<string, SourceText> _open = new(pathComparer);

    public int Count => _open.Count;

    public bool Contains(string path) => _open.ContainsKey(path);

    public bool TryGet(string path, out SourceText? text) => _open.TryGetValue(path, out text);

    /// <summary>The solution with the document at <paramref name="path"/> open with <paramref name="text"/> (LF
    /// line breaks); <paramref name="changed"/> is false (and the solution the same) when it is open with that text already.</summary>
    public Solution Open(Solution solution, string path, string text, out bool changed)
    {
        changed = false;
        var ids = solution.GetDocumentIdsWithFilePath(path);
        SourceText newText;
        if (_open.TryGetValue(path, out var previous))
        {
            newText = TextDiff.Apply(previous, text);
            if (ReferenceEquals(newText, previous) && !ids.IsEmpty)
            {
                return solution;
            }
        }
        else if (!ids.IsEmpty && solution.GetDocument(ids[0])!.TryGetText(out var current))
        {
            newText = TextDiff.Apply(current, text);
        }
        else
        {
            newText = SourceText.From(text);
        }

        _open[path] = newText;
        changed = true;
        return ids.IsEmpty
            ? placement.AddDocument(solution, path, newText, out _)
            : solution.WithDocumentText(ids, newText, PreservationMode.PreserveIdentity);
    }

    /// <summary>Forgets the document's open text; false when it was not open.</summary>
    public bool Close(string path) => _open.Remove(path);

    /// <summary>A freshly loaded solution with the open documents' texts over the files.</summary>
    public Solution ApplyTo(Solution solution)
    {
        foreach (var (path, text) in _open)
        {
            var ids = solution.GetDocumentIdsWithFilePath(path);
            solution = ids.IsEmpty ? placement.AddDocument(solution, path, text, out _) : solution.WithDocumentText(ids, text, PreservationMode.PreserveIdentity);
        }

        return solution;
    }
}
