using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Analysis;

/// <summary>
/// Values computed from one compilation's symbols (member lists, rendered signatures), kept as long as the compilation
/// lives: while the user types in a method body the speculative models share their base compilation, so repeated
/// requests on the same receiver cost a lookup.
/// </summary>
internal static class CompilationCache
{
    private const int MaxEntries = 512;
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, object>> Tables = new();

    public static T GetOrAdd<T>(Compilation compilation, string key, Func<T> create)
        where T : class
    {
        var table = Tables.GetValue(compilation, _ => new ConcurrentDictionary<string, object>(StringComparer.Ordinal));
        if (table.TryGetValue(key, out var value) && value is T hit)
        {
            return hit;
        }

        var created = create();
        if (table.Count >= MaxEntries)
        {
            table.Clear();
        }

        table[key] = created;
        return created;
    }

    /// <summary>A stable key for a symbol within its compilation.</summary>
    public static string KeyOf(ISymbol? symbol) => symbol is null ? "-" : symbol.Kind + ":" + symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}
