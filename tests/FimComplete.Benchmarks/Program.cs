using BenchmarkDotNet.Running;

namespace FimComplete.Benchmarks;

/// <summary>
/// Inference benchmarks. Run from the repository:
/// <c>dotnet run -c Release --project tests/FimComplete.Benchmarks -- --filter '*'</c>.
/// Without other job arguments they run in-process (no generated project is built, so a build with
/// <c>--artifacts-path</c> outside the repository works too) with BenchmarkDotNet's short job; pass your own
/// <c>--job</c> / <c>--inProcess</c> options to change that. Results go to docs/benchmarks.md with machine and date.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(WithDefaults(args));

    /// <summary>Adds <c>--job short</c> and <c>--inProcess</c> unless the caller chose a job or toolchain.</summary>
    internal static string[] WithDefaults(string[] args)
    {
        var list = args.ToList();
        if (!list.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal)))
        {
            list.AddRange(["--job", "short"]);
        }

        if (!list.Any(a => a is "--inProcess" or "-i" or "--runtimes" or "-r" or "--toolchain"))
        {
            list.Add("--inProcess");
        }

        return [.. list];
    }
}
