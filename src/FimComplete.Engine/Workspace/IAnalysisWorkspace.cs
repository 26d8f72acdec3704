using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Workspace;

/// <summary>What the completion pipeline needs of the workspace: the Roslyn document to analyse at a path with the
/// editor's text, the warm semantic models, and how a file is named in a prompt.</summary>
public interface IAnalysisWorkspace
{
    /// <summary>Warm semantic models of the documents being edited.</summary>
    SemanticModelCache Semantics { get; }

    /// <summary>The document to analyse for a completion: the workspace's document at <paramref name="path"/> with
    /// <paramref name="text"/> as its text (see <see cref="CodeWorkspace.GetAnalysisDocument"/>).</summary>
    Document GetAnalysisDocument(string path, string text);

    /// <summary>Relative path of a file for display (relative to the workspace folder holding it, else its name).</summary>
    string DisplayPath(string? path);
}
