using FimComplete.Protocol;
using StreamJsonRpc;

namespace FimComplete.Server.Dispatch;

/// <summary>Exceptions that StreamJsonRpc turns into JSON-RPC error responses with a given code.</summary>
public static class LspErrors
{
    public static LocalRpcException InvalidParams(string message) => Create(LspErrorCodes.InvalidParams, message);

    public static LocalRpcException InvalidRequest(string message) => Create(LspErrorCodes.InvalidRequest, message);

    public static LocalRpcException ServerNotInitialized(string method) =>
        Create(LspErrorCodes.ServerNotInitialized, $"The server is not initialized; '{method}' must come after 'initialize'.");

    public static LocalRpcException Create(int code, string message) => new(message) { ErrorCode = code };
}
