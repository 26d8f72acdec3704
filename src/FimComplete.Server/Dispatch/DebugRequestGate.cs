using FimComplete.Protocol;
using FimComplete.Server.Configuration;

namespace FimComplete.Server.Dispatch;

/// <summary>
/// Whether the <c>fimComplete/debug/*</c> requests are answered: only with <see cref="ServerOptions.EnableDebugRequests"/>
/// or while <c>fimComplete.logLevel</c> is debug. Off, they answer MethodNotFound, so that an ordinary session cannot
/// force full garbage collections or read documents back.
/// </summary>
public sealed class DebugRequestGate(ServerOptions options, ConfigurationManager configuration)
{
    public bool IsEnabled => options.EnableDebugRequests || configuration.Current.LogLevel == "debug";

    /// <summary>Throws MethodNotFound when debug requests are off.</summary>
    public void EnsureEnabled(string method)
    {
        if (!this.IsEnabled)
        {
            throw LspErrors.Create(
                LspErrorCodes.MethodNotFound,
                $"'{method}' is a debug request: start the server with --enable-debug-requests or set fimComplete.logLevel to debug.");
        }
    }
}
