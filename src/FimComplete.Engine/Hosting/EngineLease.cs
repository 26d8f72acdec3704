namespace FimComplete.Engine.Hosting;

/// <summary>
/// Reference-counted ownership of a loaded engine: requests in flight keep the model alive; a retired model is
/// disposed when the last request using it finishes.
/// </summary>
internal sealed class EngineLease(CompletionEngine engine) 
{
    private int _users = 1; // the host's own reference
    private int _disposed;

    public CompletionEngine Engine { get; } = engine;

    public bool TryAcquire()
    {
        while (true)
        {
            var users = Volatile.Read(ref _users);
            if (users == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _users, users + 1, users) == users)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Engine.Model.Dispose();
        }
    }
}
