using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Inference;

namespace FimComplete.Benchmarks;

internal static class BenchModels
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>"default" is models/default; an absolute path is that model folder; other names are fixture folders under
    /// tests/fixtures/models. The CPU provider with FIMCOMPLETE_BENCH_THREADS intra-op threads (unset: the engine's
    /// automatic choice).</summary>
    public static FimModel Load(string name)
    {
        var path = name == "default"
            ? Path.Combine(RepoRoot, "models", "default")
            : Path.IsPathRooted(name) ? name : Path.Combine(RepoRoot, "tests", "fixtures", "models", name);
        var threads = int.TryParse(Environment.GetEnvironmentVariable("FIMCOMPLETE_BENCH_THREADS"), out var t) ? t : 0;
        return CompletionPipeline.LoadModel(new ModelSettings(path, "cpu", threads));
    }

    /// <summary>A deterministic prompt of exactly <paramref name="length"/> ordinary tokens.</summary>
    public static int[] Prompt(FimModel model, int length)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot, "tests", "fixtures", "samples", "Inventory.cs"));
        var ids = new List<int>();
        while (ids.Count < length)
        {
            ids.AddRange(model.Tokenizer.Encode(text));
        }

        return [.. ids.Take(length)];
    }

    /// <summary>The repository: FIMCOMPLETE_REPO, else the first folder holding FimComplete.sln above the binaries
    /// (they may live in an --artifacts-path outside the repository) or above the current directory.</summary>
    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("FIMCOMPLETE_REPO") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FimComplete.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run from inside the repository or set FIMCOMPLETE_REPO.");
    }
}
