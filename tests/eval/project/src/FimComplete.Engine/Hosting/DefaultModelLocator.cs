namespace FimComplete.Engine.Hosting;

/// <summary>Finds the bundled default model: next to the executable (<c>model/</c>, as in the VS Code extension,
/// or <c>../model/</c>), or <c>models/default</c> in the source tree above it or above the current directory.</summary>
public static class DefaultModelLocator
{
    public const string EnvironmentVariable = "FIMCOMPLETE_MODEL";

    public static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var baseDir = AppContext.BaseDirectory;
        foreach (var candidate in new[] { Path.Combine(baseDir, "model"), Path.Combine(baseDir, "..", "model") })
        {
            if (File.Exists(Path.Combine(candidate, "fim.json")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        foreach (var start in new[] { baseDir, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models", "default");
                if (File.Exists(Path.Combine(candidate, "fim.json")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
