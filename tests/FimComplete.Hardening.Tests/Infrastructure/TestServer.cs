using System.Diagnostics;
using FimComplete.LspClient;

namespace FimComplete.Hardening.Tests.Infrastructure;

/// <summary>
/// How these tests start the real server: <c>dotnet fimcomplete.dll serve</c> (Program, EngineHost, ONNX Runtime,
/// Roslyn) with the tiny fixture model, as an <see cref="LspServerProcess"/>.
/// </summary>
public static class TestServer
{
    /// <summary>fimcomplete.dll next to the tests (the CLI project is referenced), or FIMCOMPLETE_CLI_DLL.</summary>
    public static string CliDll
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable("FIMCOMPLETE_CLI_DLL");
            string path = string.IsNullOrEmpty(configured) ? Path.Combine(AppContext.BaseDirectory, "fimcomplete.dll") : configured;
            return File.Exists(path) ? path : throw new FileNotFoundException("fimcomplete.dll not found (set FIMCOMPLETE_CLI_DLL)", path);
        }
    }

    /// <summary>The fake-engine server (the real server code with tests/FimComplete.Server.Tests' FakeEngineHost).</summary>
    public static string FakeServerDll
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "FimComplete.FakeServer.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("FimComplete.FakeServer.dll not found", path);
        }
    }

    public static string TinyModel => TestPaths.Fixture("mha-manifest");

    /// <summary>
    /// Starts <c>dotnet fimcomplete.dll serve --model MODEL --enable-debug-requests</c> (the tests read documents and
    /// memory back). <paramref name="prefix"/> runs it under another command (e.g. <c>unshare -n</c>);
    /// <paramref name="environment"/> adds or replaces variables (an empty value removes one).
    /// </summary>
    public static LspServerProcess Start(
        string? model = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? prefix = null,
        string? workingDirectory = null,
        string? serverDll = null)
    {
        var arguments = new List<string>();
        string fileName = "dotnet";
        if (prefix is { Count: > 0 })
        {
            fileName = prefix[0];
            arguments.AddRange(prefix.Skip(1));
            arguments.Add("dotnet");
        }

        arguments.AddRange([serverDll ?? CliDll, "serve", "--model", model ?? TinyModel, "--enable-debug-requests"]);
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory ?? Path.GetTempPath() };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value.Length == 0)
                {
                    info.Environment.Remove(key);
                }
                else
                {
                    info.Environment[key] = value;
                }
            }
        }

        return LspServerProcess.Start(info);
    }

    /// <summary>Starts the server, initializes it on <paramref name="workspace"/> (trusted or not: <paramref name="trusted"/>,
    /// initializationOptions.workspaceTrusted) and waits until the model is ready (or failed).</summary>
    public static async Task<LspServerProcess> StartReadyAsync(string? workspace, string? model = null, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? prefix = null, string? serverDll = null, bool trusted = false)
    {
        var server = Start(model, environment, prefix, workspace, serverDll);
        await server.Client.InitializeAsync(workspace, initializationOptions: trusted ? new { workspaceTrusted = true } : null, clientName: "hardening-tests");
        await server.Client.WaitForNotificationAsync("fimComplete/status", p => p.GetProperty("state").GetString() is "ready" or "error", TimeSpan.FromSeconds(180));
        return server;
    }
}
