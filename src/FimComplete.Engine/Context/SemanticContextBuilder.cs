using System.Text;
using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FimComplete.Engine.Context;

/// <summary>How the context block is written.</summary>
public enum ContextStyle
{
    /// <summary><c>// path</c> then the signatures as C# (type header, members without bodies).</summary>
    Code,

    /// <summary>Every line a C# comment.</summary>
    Comment,
}

/// <summary>The cross-file context block and what went into it.</summary>
public sealed record SemanticContext(string Text, IReadOnlyList<string> Types, int Tokens)
{
    public static SemanticContext Empty { get; } = new(string.Empty, [], 0);
}

/// <summary>
/// Collects the symbols in play at the cursor (the receiver of a <c>.</c> access, the types of locals, parameters,
/// fields and properties used near the cursor, called methods, the enclosing type's bases) whose declarations live in
/// other files of the workspace, ranks their types (receiver first, then by use and proximity), and renders compact
/// signatures (type headers, member signatures, no bodies) within a token budget.
/// </summary>
public static class SemanticContextBuilder
{
    private const int LinesBefore = 60;
    private const int LinesAfter = 15;
    private const int MaxMembersPerType = 10;

    private static readonly SymbolDisplayFormat TypeNameFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private static readonly SymbolDisplayFormat MemberFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeAccessibility | SymbolDisplayMemberOptions.IncludeModifiers
            | SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeRef
            | SymbolDisplayMemberOptions.IncludeConstantValue,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName
            | SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeParamsRefOut
            | SymbolDisplayParameterOptions.IncludeExtensionThis,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        kindOptions: SymbolDisplayKindOptions.None,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <param name="analysis">The document at the cursor.</param>
    /// <param name="receiver">The expression before a <c>.</c> at the cursor, if any.</param>
    /// <param name="tokenCost">Token count of a text.</param>
    /// <param name="budget">Tokens the block may take.</param>
    /// <param name="displayPath">Turns a file path into what the block shows.</param>
    /// <param name="nearCursorOnly">Only types named by the cursor's receiver or by symbols used near the cursor (not the
    /// enclosing type's fields, bases and the method's signature alone); none: no block.</param>
    public static SemanticContext Build(DocumentAnalysis analysis, SyntaxNode? receiver, Func<string, int> tokenCost, int budget,
        Func<string?, string> displayPath, ContextStyle style, CancellationToken cancellationToken, bool nearCursorOnly = false)
    {
        if (budget <= 8)
        {
            return SemanticContext.Empty;
        }

        var types = CollectTypes(analysis, receiver, cancellationToken);
        if (nearCursorOnly)
        {
            types = types.Where(t => t.NearCursor).ToList();
        }

        if (types.Count == 0)
        {
            return SemanticContext.Empty;
        }

        return Render(analysis, types, tokenCost, budget, displayPath, style, cancellationToken);
    }

    internal sealed class TypeEntry(INamedTypeSymbol type)
    {
        public INamedTypeSymbol Type { get; } = type;
        public double Weight { get; set; }
        public bool IsReceiver { get; set; }

        /// <summary>Named by the receiver or by a symbol used near the cursor (not only by the enclosing member/type).</summary>
        public bool NearCursor { get; set; }
        public List<ISymbol> Pinned { get; } = [];
        public int Order { get; set; }
    }

    internal static List<TypeEntry> CollectTypes(DocumentAnalysis analysis, SyntaxNode? receiver, CancellationToken cancellationToken)
    {
        var view = analysis.Semantic;
        var model = view.Model;
        var root = analysis.Root;
        var tree = analysis.Tree;
        var cursor = analysis.Cursor;
        var entries = new Dictionary<INamedTypeSymbol, TypeEntry>(SymbolEqualityComparer.Default);

        var near = true;
        void AddType(ITypeSymbol? type, double weight, ISymbol? pinned = null, int depth = 0)
        {
            while (true)
            {
                switch (type)
                {
                    case IArrayTypeSymbol array:
                        type = array.ElementType;
                        continue;
                    case IPointerTypeSymbol pointer:
                        type = pointer.PointedAtType;
                        continue;
                }

                break;
            }

            if (type is not INamedTypeSymbol named || named.TypeKind == TypeKind.Error)
            {
                return;
            }

            if (depth < 2)
            {
                foreach (var argument in named.TypeArguments)
                {
                    AddType(argument, weight * 0.6, null, depth + 1);
                }
            }

            var definition = named.OriginalDefinition;
            if (!IsFromOtherFile(definition, tree))
            {
                return;
            }

            if (!entries.TryGetValue(definition, out var entry))
            {
                entry = new TypeEntry(definition) { Order = entries.Count };
                entries[definition] = entry;
            }

            entry.Weight += weight;
            entry.NearCursor |= near;
            if (pinned is not null && !entry.Pinned.Contains(pinned.OriginalDefinition, SymbolEqualityComparer.Default))
            {
                entry.Pinned.Add(pinned.OriginalDefinition);
            }
        }

        // 1. The receiver of a member access at the cursor.
        if (receiver is not null && view.CanBind(receiver))
        {
            var receiverSymbol = model.GetSymbolInfo(receiver, cancellationToken).Symbol;
            var receiverType = receiverSymbol as INamedTypeSymbol ?? model.GetTypeInfo(receiver, cancellationToken).Type;
            if (receiverType is INamedTypeSymbol named && IsFromOtherFile(named.OriginalDefinition, tree))
            {
                AddType(named, 100);
                entries[named.OriginalDefinition].IsReceiver = true;
            }
            else
            {
                AddType(receiverType, 100);
            }

            // Its bases declare members the receiver has too.
            var depth = 1;
            for (var baseType = (receiverType as INamedTypeSymbol)?.BaseType; baseType is not null && depth < 4; baseType = baseType.BaseType, depth++)
            {
                AddType(baseType, 50.0 / depth);
            }

            foreach (var @interface in (receiverType as INamedTypeSymbol)?.Interfaces ?? [])
            {
                AddType(@interface, 20);
            }
        }

        // 2. Names used near the cursor in the enclosing member.
        var token = DocumentAnalysis.TokenLeftOf(root, cursor);
        var scope = (SyntaxNode?)token.Parent?.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax and not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax)
            ?? token.Parent?.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault();
        var text = analysis.Text;
        var cursorLine = text.Lines.GetLineFromPosition(cursor).LineNumber;
        var windowStart = text.Lines[Math.Max(0, cursorLine - LinesBefore)].Start;
        var windowEnd = text.Lines[Math.Min(text.Lines.Count - 1, cursorLine + LinesAfter)].End;
        if (scope is not null)
        {
            foreach (var node in scope.DescendantNodes(n => n.FullSpan.IntersectsWith(new Microsoft.CodeAnalysis.Text.TextSpan(windowStart, windowEnd - windowStart))))
            {
                if (node is not SimpleNameSyntax name || name.Span.End == cursor || name.SpanStart < windowStart || name.SpanStart > windowEnd || !view.CanBind(name))
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var info = model.GetSymbolInfo(name, cancellationToken);
                var symbol = info.Symbol ?? (info.CandidateSymbols.IsEmpty ? null : info.CandidateSymbols[0]);
                if (symbol is null)
                {
                    continue;
                }

                var distance = Math.Abs(text.Lines.GetLineFromPosition(name.SpanStart).LineNumber - cursorLine);
                var weight = 1.0 / (1.0 + (distance / 8.0));
                switch (symbol)
                {
                    case ILocalSymbol local:
                        AddType(local.Type, 2 * weight);
                        break;
                    case IParameterSymbol parameter:
                        AddType(parameter.Type, 2 * weight);
                        break;
                    case IFieldSymbol field:
                        AddType(field.Type, 1.5 * weight);
                        AddType(field.ContainingType, weight, field);
                        break;
                    case IPropertySymbol property:
                        AddType(property.Type, 1.5 * weight);
                        AddType(property.ContainingType, weight, property);
                        break;
                    case IEventSymbol @event:
                        AddType(@event.ContainingType, weight, @event);
                        break;
                    case IMethodSymbol method:
                        var called = method.ReducedFrom ?? method;
                        AddType(called.ContainingType, 1.5 * weight, called.MethodKind is MethodKind.Ordinary or MethodKind.Constructor ? called : null);
                        AddType(method.ReturnType, weight);
                        break;
                    case INamedTypeSymbol type:
                        AddType(type, 1.5 * weight);
                        break;
                }
            }

        }

        // 3. The enclosing method's parameters and return type; the enclosing type's bases, its other parts (partial)
        //    and the types of its fields and properties.
        near = false;
        var enclosingMember = DocumentAnalysis.EnclosingMember(model, cursor, cancellationToken);
        if (enclosingMember is IMethodSymbol declared)
        {
            foreach (var parameter in declared.Parameters)
            {
                AddType(parameter.Type, 1.0);
            }

            AddType(declared.ReturnType, 0.8);
        }

        var enclosing = enclosingMember as INamedTypeSymbol ?? enclosingMember?.ContainingType;
        if (enclosing is not null)
        {
            AddType(enclosing.BaseType, 1.5);
            foreach (var @interface in enclosing.Interfaces) AddType(@interface, 1.0);
            AddType(enclosing, 0.8);
            foreach (var member in enclosing.GetMembers())
            {
                switch (member)
                {
                    case IFieldSymbol { IsImplicitlyDeclared: false } field:
                        AddType(field.Type, 0.3);
                        break;
                    case IPropertySymbol property:
                        AddType(property.Type, 0.3);
                        break;
                }
            }
        }

        return entries.Values
            .OrderByDescending(e => e.IsReceiver)
            .ThenByDescending(e => e.Weight)
            .ThenBy(e => e.Order)
            .ToList();
    }

    /// <summary>True when the symbol is declared in source, in a file other than the current one (compared by path: a
    /// speculative model's symbols live in an earlier tree of the current file).</summary>
    internal static bool IsFromOtherFile(ISymbol symbol, SyntaxTree current) =>
        symbol.Locations.Any(l => l.IsInSource && l.SourceTree is { } tree && tree != current
            && !(current.FilePath.Length > 0 && string.Equals(tree.FilePath, current.FilePath, StringComparison.Ordinal))
            && !IsGenerated(tree.FilePath));

    private static bool IsGenerated(string path) =>
        path.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".designer.cs", StringComparison.OrdinalIgnoreCase);

    private static SemanticContext Render(DocumentAnalysis analysis, List<TypeEntry> types, Func<string, int> tokenCost, int budget,
        Func<string?, string> displayPath, ContextStyle style, CancellationToken cancellationToken)
    {
        var model = analysis.SemanticModel;
        var position = analysis.Cursor;
        var builder = new StringBuilder();
        var used = 0;
        var rendered = new List<string>();
        string? lastPath = null;
        var prefix = style == ContextStyle.Comment ? "// " : string.Empty;
        var within = model.GetEnclosingSymbol(position, cancellationToken)?.ContainingType;

        foreach (var entry in types)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = entry.Type.Locations.FirstOrDefault(l => l.IsInSource && l.SourceTree is { } t && t != analysis.Tree && t.FilePath != analysis.Tree.FilePath);
            var path = displayPath(location?.SourceTree?.FilePath);
            var pathLine = path.Length > 0 && path != lastPath ? $"// {path}\n" : string.Empty;
            var header = prefix + Header(entry.Type) + "\n";
            var isEnum = entry.Type.TypeKind == TypeKind.Enum;
            var open = style == ContextStyle.Comment ? string.Empty : "{\n";
            var close = style == ContextStyle.Comment ? string.Empty : "}\n";
            var fixedCost = tokenCost(pathLine) + tokenCost(header) + tokenCost(open) + tokenCost(close);
            var max = entry.IsReceiver ? int.MaxValue : MaxMembersPerType;
            var pinnedKey = string.Join(",", entry.Pinned.Select(p => p.Name));
            var key = $"lines|{CompilationCache.KeyOf(entry.Type)}|{CompilationCache.KeyOf(within)}|{max}|{pinnedKey}";
            var members = CompilationCache.GetOrAdd(model.Compilation, key, () => MemberLines(entry, model, position, isEnum, max).ToList())
                .Select(line => prefix + "    " + line + "\n")
                .ToList();
            if (members.Count == 0 && !entry.IsReceiver && entry.Type.BaseType is null)
            {
                continue;
            }

            var firstCost = members.Count > 0 ? tokenCost(members[0]) : 0;
            if (used + fixedCost + firstCost > budget)
            {
                continue; // a smaller type further down may still fit
            }

            var block = new StringBuilder().Append(pathLine).Append(header).Append(open);
            var cost = fixedCost;
            foreach (var line in members)
            {
                var lineCost = tokenCost(line);
                if (used + cost + lineCost > budget)
                {
                    break;
                }

                block.Append(line);
                cost += lineCost;
            }

            block.Append(close);
            builder.Append(block);
            used += cost;
            lastPath = path.Length > 0 ? path : lastPath;
            rendered.Add(entry.Type.ToDisplayString(TypeNameFormat));
        }

        return rendered.Count == 0 ? SemanticContext.Empty : new SemanticContext(builder.ToString(), rendered, used);
    }

    private static string Header(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        var accessibility = SyntaxFacts.GetText(type.DeclaredAccessibility);
        if (accessibility.Length > 0) parts.Add(accessibility);
        if (type.IsStatic) parts.Add("static");
        else if (type.IsAbstract && type.TypeKind == TypeKind.Class) parts.Add("abstract");
        else if (type.IsSealed && type.TypeKind == TypeKind.Class) parts.Add("sealed");
        parts.Add(type.TypeKind switch
        {
            TypeKind.Interface => "interface",
            TypeKind.Enum => "enum",
            TypeKind.Delegate => "delegate",
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            _ => type.IsRecord ? "record" : "class",
        });
        parts.Add(type.ToDisplayString(TypeNameFormat));
        var bases = new List<string>();
        if (type.BaseType is { SpecialType: not (SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum) } baseType
            && type.TypeKind == TypeKind.Class)
        {
            bases.Add(baseType.ToDisplayString(TypeNameFormat));
        }

        // Records implement IEquatable<Self> implicitly: not worth showing.
        bases.AddRange(type.Interfaces
            .Where(i => !(type.IsRecord && i.Name == "IEquatable" && i.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type)))
            .Select(i => i.ToDisplayString(TypeNameFormat)));
        return string.Join(' ', parts) + (bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty);
    }

    private static IEnumerable<string> MemberLines(TypeEntry entry, SemanticModel model, int position, bool isEnum, int max)
    {
        var members = entry.Type.GetMembers();
        var pinned = entry.Pinned.Where(p => members.Contains(p, SymbolEqualityComparer.Default));
        var ordered = pinned.Concat(members.Where(m => !entry.Pinned.Contains(m, SymbolEqualityComparer.Default)));
        var count = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in ordered)
        {
            if (count >= max)
            {
                yield break;
            }

            if (!Renderable(member) || !IsAccessible(model, position, member))
            {
                continue;
            }

            string line;
            if (isEnum)
            {
                if (member is not IFieldSymbol) continue;
                line = member.Name + ",";
            }
            else
            {
                line = member.ToDisplayString(MemberFormat);
                if (member is IMethodSymbol or IFieldSymbol or IEventSymbol)
                {
                    line += ";";
                }
            }

            if (seen.Add(line))
            {
                count++;
                yield return line;
            }
        }
    }

    private static bool Renderable(ISymbol member) => member switch
    {
        { IsImplicitlyDeclared: true } => false,
        IMethodSymbol method => method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor && method.CanBeReferencedByName || method.MethodKind == MethodKind.Constructor,
        IPropertySymbol property => property.CanBeReferencedByName || property.IsIndexer,
        IFieldSymbol field => field.CanBeReferencedByName,
        IEventSymbol @event => @event.CanBeReferencedByName,
        _ => false,
    };

    private static bool IsAccessible(SemanticModel model, int position, ISymbol symbol)
    {
        try
        {
            return model.IsAccessible(position, symbol);
        }
        catch (ArgumentException)
        {
            return symbol.DeclaredAccessibility == Accessibility.Public;
        }
    }
}
