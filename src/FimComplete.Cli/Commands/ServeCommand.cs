using System.CommandLine;
using System.Reflection;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;
using FimComplete.Server;

namespace FimComplete.Cli.Commands;

/// <summary><c>fimcomplete serve</c>: the language server on stdin/stdout (what the VS Code extension starts).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var provider = CommonOptions.Provider();
        var threads = CommonOptions.Threads();
        var template = new Option<string?>("--fim-template") { Description = "Override FIM template detection (starcoder, santacoder, qwen, deepseek, codellama)." };
        var debugRequests = new Option<bool>("--enable-debug-requests")
        {
            Description = "Answer the fimComplete/debug/* requests (document text, memory with a forced full GC) whatever fimComplete.logLevel says (tests, diagnostics).",
        };
        var command = new Command("serve", "Run the LSP server over stdio.") { model, provider, threads, template, debugRequests };
        command.SetAction((parse, cancellationToken) => ServerRunner.RunStdioAsync(
            new ServerOptions
            {
                ModelPath = parse.GetValue(model) ?? DefaultModelLocator.Find(),
                ExecutionProvider = parse.GetValue(provider) ?? "auto",
                Threads = parse.GetValue(threads),
                FimTemplate = parse.GetValue(template),
                EnableDebugRequests = parse.GetValue(debugRequests),
                ServerVersion = typeof(ServeCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            },
            log => new EngineHost(log, new CodeWorkspaceOptions { DocumentOnlyUntilCompiled = true }) { WarmUpEngine = true },
            cancellationToken));
        return command;
    }
}
