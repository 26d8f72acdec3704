using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Recommendations;

namespace FimComplete.Engine.Constraint;

/// <summary>
/// A cursor right after <c>expr.</c> (or <c>expr?.</c>, or <c>A.B.</c> in a name), possibly with part of the member
/// name typed: the receiver, where the name starts and what of it is typed.
/// </summary>
public sealed record MemberAccessSite(SyntaxNode Receiver, int NameStart, string Partial)
{
    public static MemberAccessSite? Find(SyntaxNode root, int cursor)
    {
        var left = DocumentAnalysis.TokenLeftOf(root, cursor);
        if (left.IsKind(SyntaxKind.None) || left.Span.End != cursor)
        {
            return null;
        }

        var partial = string.Empty;
        var dot = left;
        if (left.IsKind(SyntaxKind.IdentifierToken) || (SyntaxFacts.IsKeywordKind(left.Kind()) && left.Parent is SimpleNameSyntax))
        {
            partial = left.Text;
            dot = left.GetPreviousToken();
            if (dot.Span.End != left.SpanStart)
            {
                return null;
            }
        }

        if (!dot.IsKind(SyntaxKind.DotToken))
        {
            return null;
        }

        SyntaxNode? receiver = dot.Parent switch
        {
            MemberAccessExpressionSyntax access when access.OperatorToken == dot => access.Expression,
            MemberBindingExpressionSyntax binding => binding.Ancestors().OfType<ConditionalAccessExpressionSyntax>()
                .FirstOrDefault(c => c.WhenNotNull.Span.Contains(binding.Span))?.Expression,
            QualifiedNameSyntax qualified when qualified.DotToken == dot => qualified.Left,
            _ => null,
        };
        return receiver is null ? null : new MemberAccessSite(receiver, dot.Span.End, partial);
    }

    /// <summary>
    /// Names of the members that may follow the dot, accessible from here: of a namespace, its namespaces and types; of
    /// a type name, its static members and nested types (and instance members too when a value of the same name is in
    /// scope: <c>Color Color</c>); of a value, its type's instance members and the extension methods in scope. Empty
    /// when the receiver does not bind (or is dynamic).
    /// </summary>
    /// <param name="model">Binds the receiver.</param>
    /// <param name="completeProject">False for ad-hoc projects: generated parts of partial types (resources, designers,
    /// source generators) are missing there, so a partial type's member list is not trusted.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public IReadOnlyList<string> MemberNames(SemanticModel model, bool completeProject, CancellationToken cancellationToken)
    {
        var info = model.GetSymbolInfo(Receiver, cancellationToken);
        var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
        IEnumerable<ISymbol> members;
        switch (symbol)
        {
            case INamespaceSymbol @namespace:
                members = model.LookupNamespacesAndTypes(NameStart, @namespace);
                break;
            case ITypeSymbol type when type.TypeKind != TypeKind.Error:
                if (!IsComplete(model, type, completeProject))
                {
                    return [];
                }

                members = model.LookupStaticMembers(NameStart, type);
                if (Receiver is IdentifierNameSyntax identifier
                    && model.LookupSymbols(Receiver.SpanStart, name: identifier.Identifier.ValueText).Any(s => s is IFieldSymbol or IPropertySymbol or ILocalSymbol or IParameterSymbol)
                    && model.GetTypeInfo(Receiver, cancellationToken).Type is { } valueType)
                {
                    members = members.Concat(InstanceMembers(model, valueType));
                }

                break;
            default:
                var receiverType = model.GetTypeInfo(Receiver, cancellationToken).Type;
                if (receiverType is null || receiverType.TypeKind is TypeKind.Error or TypeKind.Dynamic || !IsComplete(model, receiverType, completeProject))
                {
                    return [];
                }

                // Instance members and extension methods depend on the type, where we are (accessibility) and the file
                // (usings): the same for every keystroke on the same receiver while the base compilation holds.
                var within = model.GetEnclosingSymbol(NameStart, cancellationToken)?.ContainingType;
                var key = $"members|{CompilationCache.KeyOf(receiverType)}|{CompilationCache.KeyOf(within)}|{Receiver.SyntaxTree.FilePath}";
                return CompilationCache.GetOrAdd(model.Compilation, key, () => Names(InstanceMembers(model, receiverType)));
        }

        return Names(members);
    }

    private static IReadOnlyList<string> Names(IEnumerable<ISymbol> members)
    {
        return members
            .Where(s => s.Kind is SymbolKind.Method or SymbolKind.Property or SymbolKind.Field or SymbolKind.Event or SymbolKind.NamedType or SymbolKind.Namespace)
            .Where(s => s.CanBeReferencedByName && s.Name.Length > 0 && SyntaxFacts.IsValidIdentifier(s.Name))
            .Select(s => s.Name)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    private bool IsComplete(SemanticModel model, ITypeSymbol type, bool completeProject) => IsComplete(model, NameStart, type, completeProject);

    /// <summary>
    /// Whether a type's member list can be trusted: the type is accessible here (an internal runtime type binds through
    /// the implementation assemblies but shows none of its members), it is not a partial type of an ad-hoc project
    /// (whose generated part, e.g. resource properties, is missing), and nothing it inherits from failed to bind. When
    /// not, nothing is constrained (and the ranker does not count a missing member against a candidate).
    /// </summary>
    public static bool IsComplete(SemanticModel model, int position, ITypeSymbol type, bool completeProject)
    {
        if (type.TypeKind is TypeKind.Error or TypeKind.Dynamic)
        {
            return false;
        }

        if (type is INamedTypeSymbol named && !model.IsAccessible(position, named.OriginalDefinition))
        {
            return false;
        }

        if (!completeProject && type is INamedTypeSymbol { DeclaringSyntaxReferences.Length: > 0 } source
            && source.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            return false;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.TypeKind == TypeKind.Error) return false;
        }

        return !type.AllInterfaces.Any(i => i.TypeKind == TypeKind.Error) && !(type is ITypeParameterSymbol parameter && parameter.ConstraintTypes.Any(c => c.TypeKind == TypeKind.Error));
    }

    private IEnumerable<ISymbol> InstanceMembers(SemanticModel model, ITypeSymbol type) =>
        model.LookupSymbols(NameStart, type, includeReducedExtensionMethods: true)
            .Where(s => !s.IsStatic && s is not ITypeSymbol);

    /// <summary>Roslyn's recommender on a document (slower: it builds the document's own compilation).</summary>
    public IReadOnlyList<string> MemberNames(Document document, CancellationToken cancellationToken)
    {
        var symbols = Recommender.GetRecommendedSymbolsAtPositionAsync(document, NameStart, options: null, cancellationToken).GetAwaiter().GetResult();
        return symbols
            .Where(s => s.Kind is SymbolKind.Method or SymbolKind.Property or SymbolKind.Field or SymbolKind.Event or SymbolKind.NamedType or SymbolKind.Namespace)
            .Where(s => s.CanBeReferencedByName && s.Name.Length > 0 && SyntaxFacts.IsValidIdentifier(s.Name))
            .Select(s => s.Name)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }
}
