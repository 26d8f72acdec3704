using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// MSBuild's load problems (a missing referenced project, .NET Framework reference assemblies not installed, packages
/// not restored), gathered while the projects load and reported once per project in plain words: they limit what
/// completions know, they do not break the extension, and the raw "MSBuild: Failure: ..." lines read as if it were broken.
/// </summary>
internal sealed partial class MSBuildProblems
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<string>> _byProject = new(StringComparer.OrdinalIgnoreCase);

    public void Add(WorkspaceDiagnostic diagnostic) => Add(diagnostic.Message);

    /// <summary>Files a message under the project file it names (or under "" when it names none).</summary>
    public void Add(string message)
    {
        var project = ProjectFile().Match(message) is { Success: true } m ? m.Value : string.Empty;
        lock (_gate)
        {
            if (!_byProject.TryGetValue(project, out var list))
            {
                _byProject[project] = list = [];
            }

            list.Add(message);
        }
    }

    /// <summary>The project files problems were filed under (already told about).</summary>
    public IReadOnlySet<string> ProjectFiles
    {
        get
        {
            lock (_gate)
            {
                return _byProject.Keys.Where(k => k.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    /// <summary>One line per project with problems. <paramref name="loaded"/> tells whether a project file ended up in the
    /// MSBuild workspace (its own sources and what did load are used) or not (its folder's files are used ad hoc).</summary>
    public IReadOnlyList<string> Summaries(Func<string, bool> loaded)
    {
        lock (_gate)
        {
            var byProject = _byProject.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.OrdinalIgnoreCase);
            // A message that names no project ("Unresolved metadata reference removed from project: ...") belongs to the
            // only project with problems, when there is one.
            if (byProject.Count == 2 && byProject.Remove(string.Empty, out var unnamed))
            {
                byProject.Single().Value.AddRange(unnamed);
            }

            return byProject.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => Summary(p.Key, p.Value, p.Key.Length > 0 && loaded(p.Key))).ToList();
        }
    }

    internal static string Summary(string projectFile, IReadOnlyList<string> messages, bool loaded)
    {
        var name = projectFile.Length > 0 ? $"project {Path.GetFileName(projectFile)}" : "the workspace";
        var reasons = messages.Select(Reason).Distinct(StringComparer.Ordinal).Take(3);
        var effect = loaded
            ? "some references not loaded, names from them may be unknown to completions"
            : "references not loaded, completions use this folder's files only";
        return $"{name}: {effect} ({string.Join("; ", reasons)})";
    }

    /// <summary>The cause in plain words.</summary>
    internal static string Reason(string message)
    {
        if (message.Contains("reference assemblies", StringComparison.OrdinalIgnoreCase))
        {
            var framework = FrameworkName().Match(message);
            return framework.Success ? $"reference assemblies for {framework.Value} are not installed" : "reference assemblies are not installed";
        }

        if (message.Contains("Mono MSBuild", StringComparison.OrdinalIgnoreCase) || message.Contains(".NET Framework MSBuild", StringComparison.OrdinalIgnoreCase))
        {
            return "an old-style .NET Framework project needs Visual Studio's or Mono's MSBuild, which is not installed";
        }

        if (message.Contains("Unresolved metadata reference", StringComparison.OrdinalIgnoreCase))
        {
            return "a referenced assembly was not found";
        }

        if (message.Contains("project.assets.json", StringComparison.OrdinalIgnoreCase) || message.Contains("restore", StringComparison.OrdinalIgnoreCase))
        {
            return "packages are not restored (dotnet restore)";
        }

        if (message.Contains("project reference", StringComparison.OrdinalIgnoreCase) || message.Contains("referenced project", StringComparison.OrdinalIgnoreCase)
            || message.Contains("does not exist", StringComparison.OrdinalIgnoreCase) || message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            return "a referenced project or file is missing";
        }

        var text = message.ReplaceLineEndings(" ").Trim();
        return text.Length <= 120 ? text : text[..117] + "...";
    }

    [GeneratedRegex(@"[^'""\s]+\.(?:cs|vb|fs)proj", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectFile();

    [GeneratedRegex(@"\.NETFramework,Version=v[0-9.]+", RegexOptions.IgnoreCase)]
    private static partial Regex FrameworkName();
}
