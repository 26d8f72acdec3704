using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Tests;

/// <summary>A background prefill at the cursor leaves the request there only its decoding to do.</summary>
public sealed class PrefillTests
{
    private const string Document = "using System;\r\n\r\nnamespace Shop;\r\n\r\npublic sealed class Cart\r\n{\r\n\tprivate decimal _total;\r\n\r\n\tpublic void Add(decimal price)\r\n\t{\r\n\t\t_total += price;\r\n\t\tConsole.WriteLine(|\r\n\t}\r\n}\r\n";

    [Fact]
    public async Task A_request_after_a_prefill_at_its_cursor_evaluates_no_prompt_tokens_and_still_has_items()
    {
        var (text, cursor) = Caret.Split(Document);
        var path = Path.Combine(Path.GetTempPath(), "fimcomplete-prefill-test", "Cart.cs");
        using var host = new EngineHost(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        await host.LoadAsync(new ModelSettings(TestPaths.DefaultModel, "cpu"), CancellationToken.None);
        host.DocumentOpened(path, text);
        var request = new CompletionRequest(path, text, cursor, new CompletionOptions { MaxNewTokens = 12, Candidates = 2 });

        await host.PrefillAsync(request).WaitAsync(TimeSpan.FromMinutes(2));
        var result = await host.CompleteAsync(request, CancellationToken.None);

        Assert.NotEmpty(result.Items);
        Assert.True(result.Timings.PromptTokens > FimComplete.Inference.Generation.FimGenerator.PrefillChunkTokens, "the prompt spans more than one prefill chunk");
        Assert.Equal(result.Timings.PromptTokens, result.Timings.ReusedPromptTokens);
    }

    [Fact]
    public async Task A_prefill_before_any_model_is_loaded_does_nothing()
    {
        using var host = new EngineHost(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        var prefill = host.PrefillAsync(new CompletionRequest("/tmp/none/A.cs", "class A { }", 5, new CompletionOptions()));
        Assert.True(prefill.IsCompleted);
        await prefill;
    }
}
