using FimComplete.Inference.Remote;
using FimComplete.Protocol;
using FimComplete.Server.Configuration;
using static FimComplete.Server.Tests.ServerHarness;

namespace FimComplete.Server.Tests;

/// <summary>The remote backend's settings: read with their defaults, bad values warned about and left at the default.</summary>
public class RemoteSettingsTests
{
    [Fact]
    public void RemoteKeysAreRead()
    {
        var settings = FimSettingsParser.Parse(Json("""
            {"backend":"llamacpp","endpoint":" http://gpu-box:8080 ","remoteModel":"qwen2.5-coder-7b","fimTemplate":"DeepSeek","remoteContextLength":8192,"remoteTimeoutMs":5000}
            """), out var warnings);
        Assert.Empty(warnings);
        Assert.Equal(BackendKind.LlamaCpp, settings.Backend);
        Assert.Equal("http://gpu-box:8080", settings.Endpoint);
        Assert.Equal("qwen2.5-coder-7b", settings.RemoteModel);
        Assert.Equal("deepseek", settings.FimTemplate);
        Assert.Equal(8192, settings.RemoteContextLength);
        Assert.Equal(5000, settings.RemoteTimeoutMs);
        Assert.NotNull(FimSettingsParser.FindSection(Json("""{"backend":"ollama"}""")));
    }

    [Fact]
    public void TheDefaultIsLocalAndBadValuesAreWarnedAbout()
    {
        Assert.Equal(BackendKind.Local, FimSettings.Default.Backend);
        var settings = FimSettingsParser.Parse(Json("""{"backend":"gpt","endpoint":"ftp://x","fimTemplate":"llama3","remoteContextLength":10}"""), out var warnings);
        Assert.Equal(4, warnings.Count);
        Assert.Equal(BackendKind.Local, settings.Backend);
        Assert.Equal(string.Empty, settings.Endpoint);
        Assert.Equal("auto", settings.FimTemplate);
        Assert.Equal(4096, settings.RemoteContextLength);
        Assert.Contains(warnings, w => w.Contains("fimComplete.backend", StringComparison.Ordinal) && w.Contains("ollama", StringComparison.Ordinal));
    }

    [Fact]
    public void TheApiKeyParamsDoNotPrintTheKey()
    {
        Assert.DoesNotContain("sk-1", new SetApiKeyParams("sk-1").ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Over LSP (in process, fake host): the settings and the key reach the host as one <c>ModelSettings.Remote</c>,
/// and switching back to local loads without it.</summary>
public class RemoteBackendRequestTests
{
    [Fact]
    public async Task SettingsAndTheApiKeyReachTheHostAndLocalDropsThem()
    {
        await using var h = new ServerHarness();
        await h.InitializeAsync(initializationOptions: new { settings = new { backend = "openai", endpoint = "http://team-gpu:8000/v1", remoteModel = "Qwen/Qwen2.5-Coder-7B", remoteContextLength = 16384 } });
        await InlineCompletionTests.WaitUntilAsync(() => h.Host.Loads.Any(l => l.Remote is not null));
        var first = h.Host.Loads.Last().Remote!;
        Assert.Equal(BackendKind.OpenAi, first.Kind);
        Assert.Equal(new Uri("http://team-gpu:8000/v1"), first.Endpoint);
        Assert.Equal("Qwen/Qwen2.5-Coder-7B", first.Model);
        Assert.Equal(16384, first.ContextLength);
        Assert.Null(first.ApiKey);

        await h.RequestAsync(LspMethods.FimSetApiKey, new { apiKey = "sk-team-key" });
        await InlineCompletionTests.WaitUntilAsync(() => h.Host.Loads.Last().Remote?.ApiKey == "sk-team-key");
        Assert.DoesNotContain("sk-team-key", h.Log, StringComparison.Ordinal);

        await h.NotifyAsync(LspMethods.WorkspaceDidChangeConfiguration, new { settings = new { fimComplete = new { backend = "local" } } });
        await InlineCompletionTests.WaitUntilAsync(() => h.Host.Loads.Last().Remote is null);
    }
}
