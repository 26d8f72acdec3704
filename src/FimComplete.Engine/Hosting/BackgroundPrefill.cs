namespace FimComplete.Engine.Hosting;

/// <summary>
/// At most one background prefill at a time: starting one cancels the one before, and a real request cancels whatever
/// runs (<see cref="Cancel"/>), so a prefill never holds a suggestion back by more than one chunk of model work.
/// </summary>
internal sealed class BackgroundPrefill
{
    private readonly object _gate = new();
    private CancellationTokenSource? _current;
    private Task _running = Task.CompletedTask;

    /// <summary>The last prefill started (completed when none runs).</summary>
    public Task Running
    {
        get
        {
            lock (_gate) return _running;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool with a token that the next <see cref="Start"/>,
    /// <see cref="Cancel"/> or <paramref name="lifetime"/> cancels; its cancellation is not an error.</summary>
    public Task Start(Action<CancellationToken> work, Action<Exception> failed, CancellationToken lifetime)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        var token = source.Token;
        lock (_gate)
        {
            _current?.Cancel();
            _current = source;

            // Started under the gate: its clean-up (which takes the gate) cannot run before it is the current one.
            _running = Task.Run(() =>
            {
                try
                {
                    work(token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed(ex);
                }
                finally
                {
                    lock (_gate)
                    {
                        if (ReferenceEquals(_current, source))
                        {
                            _current = null;
                        }

                        source.Dispose();
                    }
                }
            }, CancellationToken.None);
            return _running;
        }
    }

    public void Cancel()
    {
        lock (_gate)
        {
            _current?.Cancel();
            _current = null;
        }
    }
}
