using System.CommandLine;
using FimComplete.Cli.Commands;

namespace FimComplete.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("FimComplete: local, Roslyn-aware fill-in-the-middle completion for C#.")
        {
            ServeCommand.Create(),
            CompleteCommand.Create(),
            EvalCommand.Create(),
            BenchCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
