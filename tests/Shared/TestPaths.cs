using System.Reflection;

namespace FimComplete.Tests.Shared;

/// <summary>Where the repository and its fixtures are, for tests built anywhere (also with --artifacts-path).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "fixtures", "models", name);

    public static string DefaultModel => Path.Combine(RepoRoot, "models", "default");

    private static string FindRoot()
    {
        var recorded = typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "FimComplete.sln")))
        {
            return Path.GetFullPath(recorded);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FimComplete.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (FimComplete.sln) above " + AppContext.BaseDirectory);
    }
}
