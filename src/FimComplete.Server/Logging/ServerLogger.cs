using System.Globalization;
using FimComplete.Protocol;

namespace FimComplete.Server.Logging;

/// <summary>
/// Server log: every line goes to the client as <c>window/logMessage</c> once the client connection is up, and to the log
/// writer (stderr in production; stdout is reserved for JSON-RPC). A client such as VS Code's language client shows the
/// server's stderr in the same output channel as the log messages (as errors), so with
/// <see cref="MirrorToWriterWhileClientAttached"/> off a line sent to the client is not written to the writer as well:
/// every event appears once, at its own level.
/// </summary>
public sealed class ServerLogger
{
    private readonly TextWriter writer;
    private readonly object writeLock = new();
    private volatile Action<MessageType, string>? clientSink;

    public ServerLogger(TextWriter writer)
    {
        this.writer = writer ?? throw new ArgumentNullException(nameof(writer));
    }

    /// <summary>Whether lines that reach the client are also written to the log writer (on by default; the stdio host
    /// turns it off).</summary>
    public bool MirrorToWriterWhileClientAttached { get; init; } = true;

    public void Error(string message) => this.Write(MessageType.Error, message);

    public void Warning(string message) => this.Write(MessageType.Warning, message);

    public void Info(string message) => this.Write(MessageType.Info, message);

    /// <summary>Verbose, per-request information.</summary>
    public void Log(string message) => this.Write(MessageType.Log, message);

    /// <summary>Starts forwarding to the client (the sink must not block and must not log).</summary>
    public void AttachClient(Action<MessageType, string> sink) => this.clientSink = sink;

    public void DetachClient() => this.clientSink = null;

    /// <summary>Writes a line to the log writer and, unless <paramref name="toClient"/> is false, to the client.</summary>
    public void Write(MessageType type, string message, bool toClient = true)
    {
        string level = type switch
        {
            MessageType.Error => "error",
            MessageType.Warning => "warn",
            MessageType.Info => "info",
            MessageType.Log => "log",
            _ => "debug",
        };
        var sink = toClient ? this.clientSink : null;
        if (sink is not null && !this.MirrorToWriterWhileClientAttached)
        {
            sink(type, message);
            return;
        }

        try
        {
            lock (this.writeLock)
            {
                this.writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss.fff} {level}] {message}"));
                this.writer.Flush();
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // stderr gone: nothing sensible left to do with the line.
        }

        sink?.Invoke(type, message);
    }
}
