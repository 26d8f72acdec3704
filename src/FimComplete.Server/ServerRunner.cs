using FimComplete.Engine.Api;
using FimComplete.Server.Logging;
using FimComplete.Server.Privacy;

namespace FimComplete.Server;

/// <summary>Runs one <see cref="ServerSession"/> to its end for <c>fimcomplete serve</c>: over streams or stdio, with the
/// server log and (optionally) the model host it creates.</summary>
public static class ServerRunner
{
    /// <summary>
    /// Runs the language server over <paramref name="input"/>/<paramref name="output"/> (LSP base protocol framing)
    /// until <c>exit</c>, the end of the input, or <paramref name="cancellationToken"/>. Returns the process exit code:
    /// 0 when <c>shutdown</c> came first, 1 otherwise. <paramref name="host"/> stays owned by the caller.
    /// <paramref name="log"/> gets the server log (use stderr: stdout carries only JSON-RPC).
    /// </summary>
    public static async Task<int> RunAsync(Stream input, Stream output, ServerOptions options, IEngineHost host, TextWriter log, CancellationToken cancellationToken)
    {
        TelemetryOptOut.Apply();
        var logger = new ServerLogger(log);
        var server = new ServerSession(input, output, options, host, logger);
        await using (server.ConfigureAwait(false))
        {
            return await server.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Like <see cref="RunAsync(Stream, Stream, ServerOptions, IEngineHost, TextWriter, CancellationToken)"/>, creating the
    /// host with a log writer whose lines go to <paramref name="log"/> and to the client (<c>window/logMessage</c>);
    /// the host is disposed at the end.
    /// </summary>
    public static Task<int> RunAsync(Stream input, Stream output, ServerOptions options, Func<TextWriter, IEngineHost> createHost, TextWriter log, CancellationToken cancellationToken) =>
        RunAsync(input, output, options, createHost, new ServerLogger(log), cancellationToken);

    private static async Task<int> RunAsync(Stream input, Stream output, ServerOptions options, Func<TextWriter, IEngineHost> createHost, ServerLogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createHost);
        TelemetryOptOut.Apply(); // before the host can load ONNX Runtime
        using var hostLog = new LogTextWriter(logger);
        using var host = createHost(hostLog);
        var server = new ServerSession(input, output, options, host, logger);
        await using (server.ConfigureAwait(false))
        {
            return await server.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Serves over stdin/stdout with the log on stderr. Console.Out is redirected to stderr first, so that stray
    /// Console.Write calls (from any library) cannot corrupt the protocol stream. While the client is connected the log
    /// goes to it (<c>window/logMessage</c>) and not to stderr too: clients show stderr in the same channel, so each line
    /// would appear twice (once as an error). Stderr keeps what comes before and after the connection, and crashes.
    /// </summary>
    public static async Task<int> RunStdioAsync(ServerOptions options, Func<TextWriter, IEngineHost> createHost, CancellationToken cancellationToken)
    {
        var stdin = Console.OpenStandardInput();
        var stdout = Console.OpenStandardOutput();
        var stderr = Console.Error;
        Console.SetOut(stderr);
        await using (stdin.ConfigureAwait(false))
        await using (stdout.ConfigureAwait(false))
        {
            var logger = new ServerLogger(stderr) { MirrorToWriterWhileClientAttached = false };
            return await RunAsync(stdin, stdout, options, createHost, logger, cancellationToken).ConfigureAwait(false);
        }
    }
}
