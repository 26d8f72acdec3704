using System.Threading.Channels;
using FimComplete.Protocol;
using FimComplete.Server.Logging;
using StreamJsonRpc;

namespace FimComplete.Server.Client;

/// <summary>Messages from the server to the client. Notifications go through one queue so that they keep their order
/// and callers never wait on the pipe.</summary>
public sealed class ClientConnection
{
    /// <summary>
    /// At most this many <c>window/logMessage</c> notifications wait to be sent; more are dropped (and counted in the
    /// next one that is sent), so that a client that stops reading cannot make the server's memory grow without bound.
    /// Other notifications (status, progress, showMessage) are few and are never dropped.
    /// </summary>
    public const int MaxPendingLogMessages = 1000;

    private readonly JsonRpc rpc;
    private readonly ServerLogger logger;
    private readonly Channel<(string Method, object? Args)> outgoing =
        Channel.CreateUnbounded<(string Method, object? Args)>(new UnboundedChannelOptions { SingleReader = true });

    private int pendingLogMessages;
    private int droppedLogMessages;

    public ClientConnection(JsonRpc rpc, ServerLogger logger)
    {
        this.rpc = rpc;
        this.logger = logger;
    }

    /// <summary>Log messages dropped so far because too many were waiting.</summary>
    public int DroppedLogMessages => Volatile.Read(ref this.droppedLogMessages);

    public void Notify(string method, object? args) => this.outgoing.Writer.TryWrite((method, args));

    public void LogMessage(MessageType type, string message)
    {
        if (Interlocked.Increment(ref this.pendingLogMessages) > MaxPendingLogMessages)
        {
            Interlocked.Decrement(ref this.pendingLogMessages);
            Interlocked.Increment(ref this.droppedLogMessages);
            return;
        }

        if (!this.outgoing.Writer.TryWrite((LspMethods.WindowLogMessage, new LogMessageParams(type, message))))
        {
            Interlocked.Decrement(ref this.pendingLogMessages);
        }
    }

    public void ShowMessage(MessageType type, string message) => this.Notify(LspMethods.WindowShowMessage, new ShowMessageParams(type, message));

    /// <summary>
    /// Sends a request to the client and waits for the answer until <paramref name="cancellationToken"/> fires (callers
    /// pass a timeout). StreamJsonRpc alone would send <c>$/cancelRequest</c> on cancellation and then keep waiting for
    /// the client's answer, so a client that never answers would block the caller (e.g. the first model load) forever;
    /// here the wait ends at once, and a late answer is read and discarded.
    /// </summary>
    public async Task<T> RequestAsync<T>(string method, object args, CancellationToken cancellationToken)
    {
        var call = this.rpc.InvokeWithParameterObjectAsync<T>(method, args, cancellationToken);
        try
        {
            return await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            // Observe the abandoned call's eventual failure (connection lost, error answer).
            _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Sends queued notifications until <see cref="Complete"/> or cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            int reportedDrops = 0;
            await foreach (var (method, args) in this.outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                object? payload = args;
                if (method == LspMethods.WindowLogMessage)
                {
                    Interlocked.Decrement(ref this.pendingLogMessages);
                    int dropped = this.DroppedLogMessages;
                    if (dropped != reportedDrops && args is LogMessageParams log)
                    {
                        payload = log with { Message = $"({dropped - reportedDrops} log message(s) dropped: the client was not reading) {log.Message}" };
                        reportedDrops = dropped;
                    }
                }

                try
                {
                    await this.rpc.NotifyWithParameterObjectAsync(method, payload).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ConnectionLostException or ObjectDisposedException or IOException or OperationCanceledException)
                {
                    this.logger.Write(MessageType.Warning, $"Could not send '{method}': {ex.Message}", toClient: false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Complete() => this.outgoing.Writer.TryComplete();
}
