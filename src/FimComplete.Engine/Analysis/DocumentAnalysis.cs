using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Analysis;

/// <summary>
/// One completion request's Roslyn view: the document (LF text, as the model sees it), its syntax tree, and a semantic
/// model obtained on first use.
/// </summary>
public sealed class DocumentAnalysis
{
    private readonly CancellationToken _cancellationToken;
    private SemanticModel? _semanticModel;

    private DocumentAnalysis(Document document, SourceText text, SyntaxTree tree, SyntaxNode root, int cursor, CancellationToken cancellationToken)
    {
        Document = document;
        Text = text;
        Tree = tree;
        Root = root;
        Cursor = cursor;
        _cancellationToken = cancellationToken;
    }

    public Document Document { get; }
    public SourceText Text { get; }
    public SyntaxTree Tree { get; }
    public SyntaxNode Root { get; }
    public int Cursor { get; }

    /// <summary>The semantic model (the project's compilation is built or updated on first use).</summary>
    public SemanticModel SemanticModel => _semanticModel ??= Document.GetSemanticModelAsync(_cancellationToken).GetAwaiter().GetResult()
        ?? throw new InvalidOperationException($"No semantic model for {Document.FilePath}.");

    public bool HasSemanticModel => _semanticModel is not null;

    public static DocumentAnalysis Create(Document document, int cursor, CancellationToken cancellationToken)
    {
        var text = document.GetTextAsync(cancellationToken).GetAwaiter().GetResult();
        var tree = document.GetSyntaxTreeAsync(cancellationToken).GetAwaiter().GetResult()
            ?? CSharpSyntaxTree.ParseText(text, cancellationToken: cancellationToken);
        return new DocumentAnalysis(document, text, tree, tree.GetRoot(cancellationToken), cursor, cancellationToken);
    }

    /// <summary>The token that ends at or before <paramref name="position"/> (skipping trivia), or default at the file start.</summary>
    public static SyntaxToken TokenLeftOf(SyntaxNode root, int position)
    {
        var token = root.FindToken(Math.Min(position, root.FullSpan.End));
        if (token.SpanStart >= position || token.IsKind(SyntaxKind.EndOfFileToken))
        {
            token = token.GetPreviousToken();
        }

        return token;
    }
}
