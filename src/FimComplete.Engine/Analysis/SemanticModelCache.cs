using System.Collections.Concurrent;
using FimComplete.Engine.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Analysis;

/// <summary>
/// Keeps, per document, a semantic model whose compilation is warm (a base), and answers later versions of the
/// document from it when they differ only inside one method or accessor body and no declaration in the project or its
/// dependencies changed: Roslyn's speculative semantic model binds the new body against the base compilation, so a
/// keystroke does not cost a new compilation (the trick the IDE's semantic model reuse service plays). Otherwise the
/// document's own semantic model is computed and becomes the new base.
/// </summary>
public sealed class SemanticModelCache
{
    private const int MaxBases = 16;
    private readonly ConcurrentDictionary<DocumentId, Base> _bases = new();

    private sealed record Base(Document Document, SourceText Text, SyntaxNode Root, SemanticModel Model, VersionStamp SemanticVersion);

    /// <summary>A model for <paramref name="document"/>; <see cref="SemanticView.Speculative"/> tells whether it came
    /// from the base.</summary>
    public SemanticView Get(Document document, SourceText text, SyntaxNode root, int position, CancellationToken cancellationToken)
    {
        var version = document.Project.GetDependentSemanticVersionAsync(cancellationToken).GetAwaiter().GetResult();
        if (_bases.TryGetValue(document.Id, out var @base) && @base.SemanticVersion == version)
        {
            if (ReferenceEquals(@base.Root.SyntaxTree, root.SyntaxTree))
            {
                return new SemanticView(@base.Model, @base.Model, null, null);
            }

            // Another tree (a newer text, or the same text parsed again): bind the member at the cursor speculatively.
            if (TrySpeculate(@base, text, root, position, out var view))
            {
                return view;
            }
        }

        var model = document.GetSemanticModelAsync(cancellationToken).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"No semantic model for {document.FilePath}.");
        Store(new Base(document, text, root, model, version));
        return new SemanticView(model, model, null, null);
    }

    /// <summary>Whether a warm base is held for <paramref name="id"/> (a request can then bind without a compilation).</summary>
    public bool Has(DocumentId id) => _bases.ContainsKey(id);

    /// <summary>Number of bases kept (memory diagnostics and tests).</summary>
    public int Count => _bases.Count;

    /// <summary>Drops the bases of closed documents.</summary>
    public void Forget(IEnumerable<DocumentId> ids)
    {
        foreach (var id in ids) _bases.TryRemove(id, out _);
    }

    /// <summary>
    /// Drops every base whose snapshot holds a document at <paramref name="path"/>: each base keeps its whole solution
    /// alive, so after a document is closed the bases taken while it was open would otherwise keep its unsaved text,
    /// syntax tree and compilation reachable. The open documents get a new base at their next request.
    /// </summary>
    public void ForgetSnapshotsHolding(string path)
    {
        foreach (var (id, @base) in _bases)
        {
            if (PathEquals(@base.Document.FilePath, path) || !@base.Document.Project.Solution.GetDocumentIdsWithFilePath(path).IsEmpty)
            {
                _bases.TryRemove(new KeyValuePair<DocumentId, Base>(id, @base));
            }
        }
    }

    private static bool PathEquals(string? a, string b) =>
        a is not null && string.Equals(a, b, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Makes <paramref name="document"/> the base (in the background after edits, so the next request is warm).</summary>
    public void Refresh(Document document, CancellationToken cancellationToken)
    {
        var version = document.Project.GetDependentSemanticVersionAsync(cancellationToken).GetAwaiter().GetResult();
        if (_bases.TryGetValue(document.Id, out var current) && current.SemanticVersion == version && document.TryGetText(out var latest)
            && current.Text.Length == latest.Length && current.Text.ContentEquals(latest))
        {
            return;
        }

        var text = document.GetTextAsync(cancellationToken).GetAwaiter().GetResult();
        var root = document.GetSyntaxRootAsync(cancellationToken).GetAwaiter().GetResult();
        var model = document.GetSemanticModelAsync(cancellationToken).GetAwaiter().GetResult();
        if (root is null || model is null)
        {
            return;
        }

        _ = model.GetDeclarationDiagnostics(cancellationToken: cancellationToken); // binds the file's declarations
        Store(new Base(document, text, root, model, version));
    }

    /// <summary>Keeps a bounded number of bases (each holds a compilation): the documents being edited are few.</summary>
    private void Store(Base @base)
    {
        if (_bases.Count >= MaxBases && !_bases.ContainsKey(@base.Document.Id))
        {
            _bases.Clear();
        }

        _bases[@base.Document.Id] = @base;
    }

    /// <summary>
    /// A speculative model for the analysed document with [<paramref name="start"/>, <paramref name="end"/>) of
    /// <paramref name="newRoot"/> changed (a candidate spliced in), when that stays inside one method body; else null.
    /// </summary>
    public static SemanticView? SpeculateSplice(SemanticView view, SyntaxNode analysisRoot, SyntaxNode newRoot, int start, int end)
    {
        var baseMember = view.BaseMember ?? BodyMember(analysisRoot, start, start);
        if (baseMember is null)
        {
            return null;
        }

        var member = FindMember(newRoot, baseMember, start, end);
        return member is not null && Speculate(view.BaseModel, baseMember, member) is { } model
            ? new SemanticView(model, view.BaseModel, baseMember, member)
            : null;
    }

    private static bool TrySpeculate(Base @base, SourceText text, SyntaxNode root, int position, out SemanticView view)
    {
        view = default!;
        var change = TextDiff.Compute(@base.Text, text.ToString());
        var span = change?.Span ?? new TextSpan(position, 0);
        var delta = change is { } c ? c.NewText!.Length - c.Span.Length : 0;
        var oldMember = BodyMember(@base.Root, span.Start, span.End);
        if (oldMember is null)
        {
            return false;
        }

        var newMember = FindMember(root, oldMember, span.Start, span.End + delta);
        if (newMember is null || !BodyHolds(newMember, position, position) || Speculate(@base.Model, oldMember, newMember) is not { } model)
        {
            return false;
        }

        view = new SemanticView(model, @base.Model, oldMember, newMember);
        return true;
    }

    /// <summary>The innermost method-like member whose body strictly holds [start, end).</summary>
    private static SyntaxNode? BodyMember(SyntaxNode root, int start, int end)
    {
        var node = root.FindToken(start).Parent;
        foreach (var candidate in node?.AncestorsAndSelf() ?? [])
        {
            if (candidate is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax && BodyHolds(candidate, start, end))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The block or expression body of a method-like member.</summary>
    internal static SyntaxNode? BodyOf(SyntaxNode member) => member switch
    {
        BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
        AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
        _ => null,
    };

    private static bool BodyHolds(SyntaxNode member, int start, int end)
    {
        var (body, arrow) = member switch
        {
            BaseMethodDeclarationSyntax method => (method.Body, method.ExpressionBody),
            AccessorDeclarationSyntax accessor => (accessor.Body, accessor.ExpressionBody),
            _ => (null, null),
        };
        if (body is not null && !body.CloseBraceToken.IsMissing)
        {
            return start >= body.OpenBraceToken.Span.End && end <= body.CloseBraceToken.SpanStart;
        }

        return arrow is not null && start >= arrow.Expression.SpanStart && end <= arrow.Expression.Span.End;
    }

    /// <summary>The member in the new tree that corresponds to the base member (same start, same kind, its body holding the change).</summary>
    private static SyntaxNode? FindMember(SyntaxNode newRoot, SyntaxNode oldMember, int changeStart, int changeEnd)
    {
        var token = newRoot.FindToken(oldMember.SpanStart);
        var member = token.Parent?.AncestorsAndSelf().FirstOrDefault(n => n.SpanStart == oldMember.SpanStart && n.RawKind == oldMember.RawKind);
        if (member is null || !BodyHolds(member, changeStart, changeEnd))
        {
            return null;
        }

        // The header (everything before the body) must be unchanged, and the parent must be the same kind of node.
        return member.Parent?.RawKind == oldMember.Parent?.RawKind && Header(member) == Header(oldMember) ? member : null;
    }

    private static string Header(SyntaxNode member)
    {
        var bodyStart = member switch
        {
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
            AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
            _ => null,
        };
        var end = bodyStart?.SpanStart ?? member.Span.End;
        return member.SyntaxTree.GetText().ToString(TextSpan.FromBounds(member.SpanStart, end));
    }

    private static SemanticModel? Speculate(SemanticModel baseModel, SyntaxNode oldMember, SyntaxNode newMember)
    {
        var position = oldMember switch
        {
            BaseMethodDeclarationSyntax method => ((SyntaxNode?)method.Body ?? method.ExpressionBody)!.SpanStart,
            AccessorDeclarationSyntax accessor => ((SyntaxNode?)accessor.Body ?? accessor.ExpressionBody)!.SpanStart,
            _ => -1,
        };
        try
        {
            return newMember switch
            {
                BaseMethodDeclarationSyntax method when baseModel.TryGetSpeculativeSemanticModelForMethodBody(position, method, out var model) => model,
                AccessorDeclarationSyntax accessor when baseModel.TryGetSpeculativeSemanticModelForMethodBody(position, accessor, out var model) => model,
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>
/// A semantic model for the analysed text. When <see cref="Speculative"/>, <see cref="Model"/> binds only the nodes of
/// <see cref="Member"/> (a body of the analysed tree) against <see cref="BaseModel"/>'s warm compilation.
/// </summary>
public sealed record SemanticView(SemanticModel Model, SemanticModel BaseModel, SyntaxNode? BaseMember, SyntaxNode? Member)
{
    private readonly TextSpan? _body = Member is null ? null : SemanticModelCache.BodyOf(Member)?.Span;

    public bool Speculative => Member is not null;

    /// <summary>True when the model can bind <paramref name="node"/>: always for a full model; for a speculative one,
    /// nodes of the member's body (not its header, parameters or constructor initializer).</summary>
    public bool CanBind(SyntaxNode node) => Member is null || (_body is { } body && body.Contains(node.Span) && node.SyntaxTree == Member.SyntaxTree);
}
