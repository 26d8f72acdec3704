namespace FimComplete.Engine.Hosting;

/// <summary>
/// What the engine keeps for documents, by part: the open documents' texts (host and Roslyn workspace), the documents
/// of the Roslyn snapshot (workspace files plus open ones), warm semantic model bases and documents in the adaptive
/// indexes. Closing documents brings the counts back. (The prompt builder's line-cost cache is not per document: it
/// is bounded by characters, see <c>PromptWindowBuilder</c>.)
/// </summary>
public sealed record EngineDocumentState(
    int OpenDocuments,
    int WorkspaceOpenDocuments,
    int WorkspaceDocuments,
    int SemanticModelBases,
    int AdaptiveDocuments);
