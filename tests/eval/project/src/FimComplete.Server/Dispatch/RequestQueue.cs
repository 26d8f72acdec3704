using System.Threading.Channels;
using FimComplete.Server.Logging;

namespace FimComplete.Server.Dispatch;

/// <summary>
/// Orders incoming messages (as Roslyn's RequestExecutionQueue does): items start one after another in the order the
/// client sent them; an item that mutates state runs to completion before the next one starts, other items continue
/// concurrently once their synchronous part has run. StreamJsonRpc dispatches messages in order
/// (its default NonConcurrentSynchronizationContext), and the adapters enqueue synchronously, so queue order is
/// receive order.
/// </summary>
public sealed class RequestQueue
{
    private readonly Channel<WorkItem> items = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ServerLogger logger;

    public RequestQueue(ServerLogger logger)
    {
        this.logger = logger;
    }

    /// <summary>Enqueues a request; the task completes with its result, or is cancelled when <paramref name="cancellationToken"/> fires.</summary>
    public Task<T> Enqueue<T>(string method, bool mutating, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var item = new WorkItem<T>(method, mutating, work, cancellationToken);
        if (!this.items.Writer.TryWrite(item))
        {
            return Task.FromCanceled<T>(new CancellationToken(canceled: true));
        }

        return item.Task;
    }

    /// <summary>Processes items until <see cref="Complete"/> or cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in this.items.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var running = item.StartAsync();
                if (item.Mutating)
                {
                    await running.ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            this.logger.Error($"The request queue stopped: {ex}");
            throw;
        }
    }

    public void Complete() => this.items.Writer.TryComplete();

    private abstract class WorkItem(string method, bool mutating)
    {
        public string Method { get; } = method;

        public bool Mutating { get; } = mutating;

        /// <summary>Runs the item; never throws (the outcome goes to the item's task).</summary>
        public abstract Task StartAsync();
    }

    private sealed class WorkItem<T>(string method, bool mutating, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        : WorkItem(method, mutating)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => this.completion.Task;

        public override async Task StartAsync()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                this.completion.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                T result = await work(cancellationToken).ConfigureAwait(false);
                this.completion.TrySetResult(result);
            }
            catch (OperationCanceledException ex)
            {
                this.completion.TrySetCanceled(ex.CancellationToken.IsCancellationRequested ? ex.CancellationToken : cancellationToken);
            }
#pragma warning disable CA1031 // The exception is handed to the caller through the task.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                this.completion.TrySetException(ex);
            }
        }
    }
}
