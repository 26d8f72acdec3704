using FimComplete.Protocol;

namespace FimComplete.Server.Dispatch;

public enum LifecycleState
{
    /// <summary>Before <c>initialize</c>.</summary>
    Uninitialized,

    /// <summary>After <c>initialize</c>, before <c>initialized</c>.</summary>
    Initializing,

    Initialized,

    /// <summary>After <c>shutdown</c>.</summary>
    ShutDown,

    Exited,
}

/// <summary>The LSP lifecycle: which messages are accepted when, and the exit code.</summary>
public sealed class LspLifecycle
{
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile LifecycleState state = LifecycleState.Uninitialized;

    public LifecycleState State => this.state;

    public bool ShutdownRequested { get; private set; }

    /// <summary>Completes with the exit code when <c>exit</c> arrives: 0 after <c>shutdown</c>, 1 without.</summary>
    public Task<int> Exited => this.exited.Task;

    /// <summary>Throws the LSP error for a request that is not allowed in the current state.</summary>
    public void CheckRequest(string method)
    {
        var current = this.state;
        if (method == LspMethods.Initialize)
        {
            if (current != LifecycleState.Uninitialized)
            {
                throw LspErrors.InvalidRequest("'initialize' may only be sent once.");
            }

            return;
        }

        if (current == LifecycleState.Uninitialized)
        {
            throw LspErrors.ServerNotInitialized(method);
        }

        if (current >= LifecycleState.ShutDown)
        {
            throw LspErrors.InvalidRequest($"The server is shutting down; '{method}' is not accepted after 'shutdown'.");
        }
    }

    /// <summary>Notifications before <c>initialize</c> and after <c>shutdown</c> are dropped, except <c>exit</c>.</summary>
    public bool AcceptsNotification(string method)
    {
        if (method == LspMethods.Exit)
        {
            return true;
        }

        var current = this.state;
        return current is LifecycleState.Initializing or LifecycleState.Initialized;
    }

    public void OnInitialize() => this.state = LifecycleState.Initializing;

    /// <summary>Moves to <see cref="LifecycleState.Initialized"/>; false when this is not the first <c>initialized</c>.</summary>
    public bool OnInitialized()
    {
        if (this.state == LifecycleState.Initializing)
        {
            this.state = LifecycleState.Initialized;
            return true;
        }

        return false;
    }

    public void OnShutdown()
    {
        this.ShutdownRequested = true;
        this.state = LifecycleState.ShutDown;
    }

    public void OnExit()
    {
        this.state = LifecycleState.Exited;
        this.exited.TrySetResult(this.ShutdownRequested ? 0 : 1);
    }
}
