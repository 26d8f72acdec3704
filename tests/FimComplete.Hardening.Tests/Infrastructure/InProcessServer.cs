using System.IO.Pipelines;
using FimComplete.Server;
using FimComplete.Server.Tests.Fakes;

namespace FimComplete.Hardening.Tests.Infrastructure;

/// <summary>The server in-process over pipes with the fake model host, and a <see cref="LspConnection"/>.</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly Pipe toServer = new();
    private readonly Pipe toClient = new();
    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter log = new();

    public InProcessServer(TimeSpan? configurationTimeout = null)
    {
        this.ModelDirectory = Directory.CreateTempSubdirectory("fimcomplete-fake-model-").FullName;
        var options = new ServerOptions { ModelPath = this.ModelDirectory, ServerVersion = "test", ConfigurationTimeout = configurationTimeout ?? TimeSpan.FromSeconds(10), EnableDebugRequests = true };
        this.ServerTask = Task.Run(() => ServerRunner.RunAsync(
            this.toServer.Reader.AsStream(), this.toClient.Writer.AsStream(), options, this.Host, TextWriter.Synchronized(this.log), this.stop.Token));
        this.Client = new LspConnection(this.toServer.Writer.AsStream(), this.toClient.Reader.AsStream());
    }

    public FakeEngineHost Host { get; } = new();

    public LspConnection Client { get; }

    public Task<int> ServerTask { get; }

    public string ModelDirectory { get; }

    public string Log => this.log.ToString();

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync();
        try
        {
            await this.ServerTask.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
        }

        await this.Client.DisposeAsync();
        this.stop.Dispose();
        this.Host.Dispose();
        Directory.Delete(this.ModelDirectory, recursive: true);
    }
}
