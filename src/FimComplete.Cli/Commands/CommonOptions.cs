using System.CommandLine;
using FimComplete.Engine.Hosting;

namespace FimComplete.Cli.Commands;

/// <summary>Options shared by the subcommands that load a model.</summary>
internal static class CommonOptions
{
    public static Option<string?> Model() => new("--model")
    {
        Description = "Model folder (fim.json manifest or a Hugging Face ONNX export). Default: the bundled model.",
    };

    public static Option<string> Provider() => new("--provider")
    {
        Description = "Execution provider: auto, cpu, cuda or directml.",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "Intra-op threads (0 = automatic).",
        DefaultValueFactory = _ => 0,
    };

    public static Option<int> Candidates() => new("--candidates")
    {
        Description = "Number of candidates to generate.",
        DefaultValueFactory = _ => 3,
    };

    public static Option<int> MaxNewTokens() => new("--max-new-tokens")
    {
        Description = "Maximum tokens per candidate.",
        DefaultValueFactory = _ => 64,
    };

    public static Option<bool> TrustWorkspace() => new("--trust-workspace")
    {
        Description = "Trust the workspace: load its .sln/.csproj with MSBuild, which runs the projects' build targets and "
            + "their analyzers and source generators. Without it: ad-hoc projects of the .cs files only, nothing of the workspace runs.",
    };

    /// <summary>Says once on stderr that the workspace is not trusted (ad-hoc projects only).</summary>
    public static void ReportUntrusted(string command) =>
        Console.Error.WriteLine($"{command}: workspace not trusted: ad-hoc projects of the .cs files only, project files are not loaded (--trust-workspace loads them with MSBuild).");

    public static string ResolveModel(string? model) =>
        model ?? DefaultModelLocator.Find()
        ?? throw new InvalidOperationException($"No model given and no bundled model found (set --model or {DefaultModelLocator.EnvironmentVariable}).");
}
