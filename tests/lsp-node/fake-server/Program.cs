using System.Globalization;
using FimComplete.Server;
using FimComplete.Server.Tests.Fakes;

// Same command line shape as `fimcomplete serve`: [serve] [--model DIR] [--enable-debug-requests] [--completion-delay-ms N].
string? model = null;
int delayMs = 20;
bool debugRequests = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--model" when i + 1 < args.Length:
            model = args[++i];
            break;
        case "--enable-debug-requests":
            debugRequests = true;
            break;
        case "--completion-delay-ms" when i + 1 < args.Length:
            delayMs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            break;
    }
}

var options = new ServerOptions { ModelPath = model ?? AppContext.BaseDirectory, ServerVersion = "fake", EnableDebugRequests = debugRequests };
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await ServerRunner.RunStdioAsync(
    options,
    log => new FakeEngineHost(log) { CompletionDelay = TimeSpan.FromMilliseconds(delayMs) },
    stop.Token);
