using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// The reference set of ad-hoc projects: the assemblies of the running .NET's shared framework (the trusted platform
/// assemblies that live next to <c>System.Private.CoreLib</c>), created once and shared by every project.
/// </summary>
public static class RuntimeReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static ImmutableArray<MetadataReference> All => References.Value;

    /// <summary>File names that mark a project whose references include a core library.</summary>
    public static IReadOnlySet<string> CoreLibraryNames { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "mscorlib.dll", "System.Runtime.dll", "netstandard.dll", "System.Private.CoreLib.dll",
    };

    private static ImmutableArray<MetadataReference> Load()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var files = new List<string>();
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            files.AddRange(tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                    && string.Equals(Path.GetDirectoryName(p), runtimeDirectory, StringComparison.Ordinal)));
        }

        if (files.Count == 0 && runtimeDirectory is not null && Directory.Exists(runtimeDirectory))
        {
            files.AddRange(Directory.EnumerateFiles(runtimeDirectory, "*.dll"));
        }

        var references = ImmutableArray.CreateBuilder<MetadataReference>(files.Count);
        foreach (var file in files.Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal))
        {
            try
            {
                references.Add(MetadataReference.CreateFromFile(file));
            }
            catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
            {
                // Not a managed assembly, or unreadable: skip it.
            }
        }

        return references.ToImmutable();
    }
}
