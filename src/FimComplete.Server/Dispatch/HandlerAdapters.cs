using System.Reflection;
using System.Text.Json;
using FimComplete.Protocol;
using FimComplete.Server.Logging;
using StreamJsonRpc;

namespace FimComplete.Server.Dispatch;

/// <summary>Registers handlers with StreamJsonRpc: params are read with strict options, and calls go through the queue and the lifecycle gate.</summary>
public sealed class HandlerRegistry
{
    private readonly JsonRpc rpc;
    private readonly RequestQueue queue;
    private readonly LspLifecycle lifecycle;
    private readonly ServerLogger logger;
    private readonly JsonSerializerOptions readerOptions = LspJson.CreateStrictReaderOptions();
    private readonly HashSet<string> methods = new(StringComparer.Ordinal);

    public HandlerRegistry(JsonRpc rpc, RequestQueue queue, LspLifecycle lifecycle, ServerLogger logger)
    {
        this.rpc = rpc;
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.logger = logger;
    }

    public IReadOnlyCollection<string> Methods => this.methods;

    public void AddRequest<TParams, TResult>(IRequestHandler<TParams, TResult> handler)
        where TParams : class
    {
        var attribute = GetAttribute(handler);
        var adapter = new RequestAdapter<TParams, TResult>(this, attribute.Method, attribute.MutatesState, handler);
        this.Register(attribute.Method, typeof(RequestAdapter<TParams, TResult>).GetMethod(nameof(RequestAdapter<TParams, TResult>.InvokeAsync))!, adapter);
    }

    public void AddNotification<TParams>(INotificationHandler<TParams> handler)
        where TParams : class
    {
        var attribute = GetAttribute(handler);
        var adapter = new NotificationAdapter<TParams>(this, attribute.Method, attribute.MutatesState, handler);
        this.Register(attribute.Method, typeof(NotificationAdapter<TParams>).GetMethod(nameof(NotificationAdapter<TParams>.Invoke))!, adapter);
    }

    private static LspMethodAttribute GetAttribute(object handler) =>
        handler.GetType().GetCustomAttribute<LspMethodAttribute>()
        ?? throw new InvalidOperationException($"{handler.GetType().Name} has no [LspMethod] attribute.");

    private void Register(string method, MethodInfo target, object adapter)
    {
        if (!this.methods.Add(method))
        {
            throw new InvalidOperationException($"Two handlers for '{method}'.");
        }

        this.rpc.AddLocalRpcMethod(target, adapter, new JsonRpcMethodAttribute(method) { UseSingleObjectParameterDeserialization = true });
    }

    private TParams ReadParams<TParams>(string method, JsonElement element)
        where TParams : class
    {
        if (typeof(TParams) == typeof(EmptyParams))
        {
            return (TParams)(object)new EmptyParams();
        }

        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw LspErrors.InvalidParams($"Invalid params for '{method}': params are missing.");
        }

        try
        {
            return element.Deserialize<TParams>(this.readerOptions)
                ?? throw LspErrors.InvalidParams($"Invalid params for '{method}': params are null.");
        }
        catch (JsonException ex)
        {
            throw LspErrors.InvalidParams($"Invalid params for '{method}': {ex.Message}");
        }
    }

    /// <summary>The object StreamJsonRpc invokes for a request.</summary>
    public sealed class RequestAdapter<TParams, TResult>
        where TParams : class
    {
        private readonly HandlerRegistry registry;
        private readonly string method;
        private readonly bool mutating;
        private readonly IRequestHandler<TParams, TResult> handler;

        internal RequestAdapter(HandlerRegistry registry, string method, bool mutating, IRequestHandler<TParams, TResult> handler)
        {
            this.registry = registry;
            this.method = method;
            this.mutating = mutating;
            this.handler = handler;
        }

        public Task<TResult> InvokeAsync(JsonElement @params = default, CancellationToken cancellationToken = default)
        {
            // Read the params now, while StreamJsonRpc's message buffer is alive; report problems in queue order.
            TParams? request = null;
            LocalRpcException? problem = null;
            try
            {
                request = this.registry.ReadParams<TParams>(this.method, @params);
            }
            catch (LocalRpcException ex)
            {
                problem = ex;
            }

            return this.registry.queue.Enqueue(
                this.method,
                this.mutating,
                async ct =>
                {
                    this.registry.lifecycle.CheckRequest(this.method);
                    if (problem is not null)
                    {
                        this.registry.logger.Warning(problem.Message);
                        throw problem;
                    }

                    try
                    {
                        return await this.handler.HandleRequestAsync(request!, ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not LocalRpcException and not OperationCanceledException)
                    {
                        this.registry.logger.Error($"'{this.method}' failed: {ex}");
                        throw LspErrors.Create(LspErrorCodes.InternalError, $"'{this.method}' failed: {ex.Message}");
                    }
                },
                cancellationToken);
        }
    }

    /// <summary>The object StreamJsonRpc invokes for a notification.</summary>
    public sealed class NotificationAdapter<TParams>
        where TParams : class
    {
        private readonly HandlerRegistry registry;
        private readonly string method;
        private readonly bool mutating;
        private readonly INotificationHandler<TParams> handler;

        internal NotificationAdapter(HandlerRegistry registry, string method, bool mutating, INotificationHandler<TParams> handler)
        {
            this.registry = registry;
            this.method = method;
            this.mutating = mutating;
            this.handler = handler;
        }

        public void Invoke(JsonElement @params = default)
        {
            TParams? notification = null;
            string? problem = null;
            try
            {
                notification = this.registry.ReadParams<TParams>(this.method, @params);
            }
            catch (LocalRpcException ex)
            {
                problem = ex.Message;
            }

            _ = this.registry.queue.Enqueue<bool>(
                this.method,
                this.mutating,
                async ct =>
                {
                    if (!this.registry.lifecycle.AcceptsNotification(this.method))
                    {
                        this.registry.logger.Warning($"Ignoring '{this.method}' in state {this.registry.lifecycle.State}.");
                        return false;
                    }

                    if (problem is not null)
                    {
                        this.registry.logger.Warning($"Ignoring a notification with bad params. {problem}");
                        return false;
                    }

                    try
                    {
                        await this.handler.HandleNotificationAsync(notification!, ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                    }
#pragma warning disable CA1031 // A failing notification handler is logged; the server carries on.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        this.registry.logger.Error($"'{this.method}' failed: {ex}");
                    }

                    return true;
                },
                CancellationToken.None);
        }
    }
}
