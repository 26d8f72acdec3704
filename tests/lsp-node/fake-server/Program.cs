using System.Globalization;
using FimComplete.Server;
using FimComplete.Server.Tests.Fakes;

// Same command line shape as `fimcomplete serve`: [serve] [--model DIR] [--completion-delay-ms N].
string? model = null;
int delayMs = 20;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--model" when i + 1 < args.Length:
            model = args[++i];
            break;
        case "--completion-delay-ms" when i + 1 < args.Length:
            delayMs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            break;
    }
}

var options = new ServerOptions { ModelPath = model ?? AppContext.BaseDirectory, ServerVersion = "fake" };
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await LanguageServerHost.RunStdioAsync(
    options,
    log => new FakeModelHost(log) { CompletionDelay = TimeSpan.FromMilliseconds(delayMs) },
    stop.Token);
