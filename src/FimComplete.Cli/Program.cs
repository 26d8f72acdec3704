using System.CommandLine;
using FimComplete.Cli.Commands;

namespace FimComplete.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Before ONNX Runtime loads: its Linux build has telemetry that only an environment variable seen by native
        // code switches off. Every subcommand loads models, so every one opts out.
        Server.Privacy.TelemetryOptOut.Apply();
        var root = new RootCommand("FimComplete: local, Roslyn-aware fill-in-the-middle completion for C#.")
        {
            ServeCommand.Create(),
            CompleteCommand.Create(),
            EvalCommand.Create(),
            EvalSuiteCommand.Create(),
            BenchCommand.Create(),
            LspBenchCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
