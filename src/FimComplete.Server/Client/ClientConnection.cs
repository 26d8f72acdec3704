using System.Threading.Channels;
using FimComplete.Protocol;
using FimComplete.Server.Logging;
using StreamJsonRpc;

namespace FimComplete.Server.Client;

/// <summary>Messages from the server to the client. Notifications go through one queue so that they keep their order
/// and callers never wait on the pipe.</summary>
public sealed class ClientConnection
{
    private readonly JsonRpc rpc;
    private readonly ServerLogger logger;
    private readonly Channel<(string Method, object? Args)> outgoing =
        Channel.CreateUnbounded<(string Method, object? Args)>(new UnboundedChannelOptions { SingleReader = true });

    public ClientConnection(JsonRpc rpc, ServerLogger logger)
    {
        this.rpc = rpc;
        this.logger = logger;
    }

    public void Notify(string method, object? args) => this.outgoing.Writer.TryWrite((method, args));

    public void LogMessage(MessageType type, string message) => this.Notify(LspMethods.WindowLogMessage, new LogMessageParams(type, message));

    public void ShowMessage(MessageType type, string message) => this.Notify(LspMethods.WindowShowMessage, new ShowMessageParams(type, message));

    public Task<T> RequestAsync<T>(string method, object args, CancellationToken cancellationToken) =>
        this.rpc.InvokeWithParameterObjectAsync<T>(method, args, cancellationToken);

    /// <summary>Sends queued notifications until <see cref="Complete"/> or cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (method, args) in this.outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await this.rpc.NotifyWithParameterObjectAsync(method, args).ConfigureAwait(false);
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
