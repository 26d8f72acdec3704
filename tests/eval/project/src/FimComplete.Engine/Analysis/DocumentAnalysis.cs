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
    private readonly SemanticModelCache? _cache;
    private SemanticView? _semantic;

    private DocumentAnalysis(Document document, SourceText text, SyntaxTree tree, SyntaxNode root, int cursor, SemanticModelCache? cache, CancellationToken cancellationToken)
    {
        _cache = cache;
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

    /// <summary>The semantic view, obtained on first use: from the cache's warm base when the document differs from it
    /// only inside one method body (speculative), else the document's own model (its compilation built or updated).</summary>
    public SemanticView Semantic => _semantic ??= _cache is not null
        ? _cache.Get(Document, Text, Root, Cursor, _cancellationToken)
        : FullView();

    /// <summary>The model of <see cref="Semantic"/> (speculative: binds only nodes of the member being edited).</summary>
    public SemanticModel SemanticModel => Semantic.Model;

    public bool HasSemanticModel => _semantic is not null;

    public static DocumentAnalysis Create(Document document, int cursor, CancellationToken cancellationToken) => Create(document, cursor, null, cancellationToken);

    public static DocumentAnalysis Create(Document document, int cursor, SemanticModelCache? cache, CancellationToken cancellationToken)
    {
        var text = document.GetTextAsync(cancellationToken).GetAwaiter().GetResult();
        var tree = document.GetSyntaxTreeAsync(cancellationToken).GetAwaiter().GetResult()
            ?? CSharpSyntaxTree.ParseText(text, cancellationToken: cancellationToken);
        return new DocumentAnalysis(document, text, tree, tree.GetRoot(cancellationToken), cursor, cache, cancellationToken);
    }

    private SemanticView FullView()
    {
        var model = Document.GetSemanticModelAsync(_cancellationToken).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"No semantic model for {Document.FilePath}.");
        return new SemanticView(model, model, null, null);
    }

    /// <summary>The innermost symbol declared around the position that is not a lambda or local function.</summary>
    public static ISymbol? EnclosingMember(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var symbol = model.GetEnclosingSymbol(position, cancellationToken);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
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
