namespace FimComplete.Protocol;

/// <summary>LSP 3.18 <c>textDocument/inlineCompletion</c> params.</summary>
public sealed record InlineCompletionParams(TextDocumentIdentifier TextDocument, Position Position, InlineCompletionContext Context);

public sealed record InlineCompletionContext(InlineCompletionTriggerKind TriggerKind, SelectedCompletionInfo? SelectedCompletionInfo = null);

public enum InlineCompletionTriggerKind
{
    /// <summary>Explicitly requested by the user.</summary>
    Invoked = 1,

    /// <summary>Requested automatically while typing.</summary>
    Automatic = 2,
}

/// <summary>The item selected in the editor's suggest widget: the range it would replace and its text.</summary>
public sealed record SelectedCompletionInfo(LspRange Range, string Text);

public sealed record InlineCompletionList(IReadOnlyList<InlineCompletionItem> Items)
{
    public static InlineCompletionList Empty { get; } = new([]);
}

/// <summary>One ghost-text suggestion. The server always sets <see cref="Range"/> (VS Code hides range-less items
/// unless their text starts with the word before the cursor). <see cref="Data"/> is FimComplete's own addition (clients
/// that do not know it ignore it).</summary>
public sealed record InlineCompletionItem(string InsertText, LspRange? Range = null, string? FilterText = null, InlineCompletionItemData? Data = null);

/// <summary>What the server knows about a suggestion: the ranker's score (higher is better; comparable between two
/// answers for the same place), so that a client can keep a shown suggestion unless a newer one is better.</summary>
public sealed record InlineCompletionItemData(double Score);
