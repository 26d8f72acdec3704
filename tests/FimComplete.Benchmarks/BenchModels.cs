using FimComplete.Inference;
using FimComplete.Inference.Onnx;

namespace FimComplete.Benchmarks;

internal static class BenchModels
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>"default" is models/default; other names are fixture folders under tests/fixtures/models.</summary>
    public static FimModel Load(string name)
    {
        var path = name == "default"
            ? Path.Combine(RepoRoot, "models", "default")
            : Path.Combine(RepoRoot, "tests", "fixtures", "models", name);
        return FimModel.Load(path, new InferenceOptions(ExecutionProviderKind.Cpu));
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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FimComplete.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }
}
