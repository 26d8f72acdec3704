using System.Globalization;
using FimComplete.Protocol;

namespace FimComplete.Server.Logging;

/// <summary>
/// Server log: every line goes to the log writer (stderr in production; stdout is reserved for JSON-RPC) and, once the
/// client connection is up, to the client as <c>window/logMessage</c>.
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

        if (toClient)
        {
            this.clientSink?.Invoke(type, message);
        }
    }
}
