using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Workspace;

/// <summary>Choosing and comparing documents of a solution snapshot.</summary>
internal static class WorkspaceDocuments
{
    /// <summary>Of the documents sharing a path (multi-targeted projects), the one in the project with most references.</summary>
    public static DocumentId Pick(Solution solution, ImmutableArray<DocumentId> ids) =>
        ids.Length == 1 ? ids[0] : ids.OrderByDescending(id => solution.GetProject(id.ProjectId)?.MetadataReferences.Count ?? 0).First();

    public static bool SameText(SourceText text, string other)
    {
        if (text.Length != other.Length)
        {
            return false;
        }

        const int Chunk = 4096;
        var buffer = new char[Math.Min(Chunk, Math.Max(1, text.Length))];
        for (var start = 0; start < text.Length; start += Chunk)
        {
            var count = Math.Min(Chunk, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            if (!buffer.AsSpan(0, count).SequenceEqual(other.AsSpan(start, count)))
            {
                return false;
            }
        }

        return true;
    }
}
