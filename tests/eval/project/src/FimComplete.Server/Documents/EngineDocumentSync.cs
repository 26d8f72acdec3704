using FimComplete.Engine.Api;
using FimComplete.Server.Handlers;
using FimComplete.Server.Logging;

namespace FimComplete.Server.Documents;

/// <summary>
/// Hands document opens, changes and closes to the engine (<see cref="IDocumentSink"/>: its Roslyn workspace and
/// adaptive indexes) in order, on a background task instead of the request queue. The engine's bookkeeping for a large
/// document takes long (a 900,000-character file: 2 s per open, 1.2 s per change, measured), and on the queue every
/// keystroke would hold up every request behind it. Consecutive changes of a document that the engine has not taken
/// yet are merged (only the newest text matters), so the engine never falls more than one version behind per document.
/// Completions do not need the engine to be up to date: each request carries the document's text.
/// </summary>
public sealed class EngineDocumentSync
{
    /// <summary>With more operations than this waiting, the handlers wait (the request queue with them) until half are done.</summary>
    public const int MaxPendingOperations = 1000;

    private readonly IDocumentSink sink;
    private readonly ServerLogger logger;
    private readonly LinkedList<Operation> pending = new();
    private readonly SemaphoreSlim available = new(0);
    private readonly object gate = new();
    private readonly List<TaskCompletionSource> idleWaiters = [];
    private readonly List<TaskCompletionSource> roomWaiters = [];
    private bool busy;

    public EngineDocumentSync(IDocumentSink sink, ServerLogger logger)
    {
        this.sink = sink;
        this.logger = logger;
    }

    private enum Kind
    {
        Opened,
        Changed,
        Closed,
    }

    /// <summary>Operations waiting (for tests and diagnostics).</summary>
    public int Pending
    {
        get
        {
            lock (this.gate)
            {
                return this.pending.Count;
            }
        }
    }

    public Task OpenedAsync(string path, string text) => this.Enqueue(Kind.Opened, path, text);

    public Task ChangedAsync(string path, string text) => this.Enqueue(Kind.Changed, path, text);

    public Task ClosedAsync(string path) => this.Enqueue(Kind.Closed, path, null);

    /// <summary>Completes when every operation enqueued so far has reached the engine.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (this.gate)
        {
            if (this.pending.Count == 0 && !this.busy)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            this.idleWaiters.Add(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Applies operations until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await this.available.WaitAsync(cancellationToken).ConfigureAwait(false);
                Operation operation;
                lock (this.gate)
                {
                    if (this.pending.First is not { } first)
                    {
                        continue;
                    }

                    operation = first.Value;
                    this.pending.RemoveFirst();
                    this.busy = true;
                    if (this.pending.Count <= MaxPendingOperations / 2)
                    {
                        Release(this.roomWaiters);
                    }
                }

                try
                {
                    this.Apply(operation);
                }
                finally
                {
                    lock (this.gate)
                    {
                        this.busy = false;
                        if (this.pending.Count == 0)
                        {
                            Release(this.idleWaiters);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (this.gate)
            {
                Release(this.idleWaiters);
                Release(this.roomWaiters);
            }
        }
    }

    private Task Enqueue(Kind kind, string path, string? text)
    {
        lock (this.gate)
        {
            // Merge into the newest waiting operation on the same document when that is an open or a change.
            if (kind == Kind.Changed)
            {
                for (var node = this.pending.Last; node is not null; node = node.Previous)
                {
                    if (node.Value.Path != path)
                    {
                        continue;
                    }

                    if (node.Value.Kind is Kind.Opened or Kind.Changed)
                    {
                        node.Value = node.Value with { Text = text };
                        return Task.CompletedTask;
                    }

                    break;
                }
            }

            this.pending.AddLast(new Operation(kind, path, text));
            this.available.Release();
            if (this.pending.Count <= MaxPendingOperations)
            {
                return Task.CompletedTask;
            }

            var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            this.roomWaiters.Add(room);
            return room.Task;
        }
    }

    private void Apply(Operation operation)
    {
        switch (operation.Kind)
        {
            case Kind.Opened:
                SinkCalls.Run(this.logger, "DocumentOpened", operation.Path, () => this.sink.DocumentOpened(operation.Path, operation.Text!));
                break;
            case Kind.Changed:
                SinkCalls.Run(this.logger, "DocumentChanged", operation.Path, () => this.sink.DocumentChanged(operation.Path, operation.Text!));
                break;
            default:
                SinkCalls.Run(this.logger, "DocumentClosed", operation.Path, () => this.sink.DocumentClosed(operation.Path));
                break;
        }
    }

    private static void Release(List<TaskCompletionSource> waiters)
    {
        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }

        waiters.Clear();
    }

    private sealed record Operation(Kind Kind, string Path, string? Text);
}
