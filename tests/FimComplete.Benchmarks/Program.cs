using BenchmarkDotNet.Running;

namespace FimComplete.Benchmarks;

/// <summary>
/// Inference benchmarks. Run: <c>dotnet run -c Release --project tests/FimComplete.Benchmarks -- --filter '*'</c>
/// (add <c>--job short</c> for a quick pass). Results go to docs/benchmarks.md with machine and date.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
