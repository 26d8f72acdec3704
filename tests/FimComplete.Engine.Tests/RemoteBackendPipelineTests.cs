using System.Text.Json.Nodes;
using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Onnx;
using FimComplete.Inference.Remote;
using FimComplete.Tests.Shared.Remote;

namespace FimComplete.Engine.Tests;

/// <summary>
/// The completion pipeline with a generator other than the bundled model: the prompt's texts (prefix without the context
/// block, suffix, cross-file chunks) reach the generator, the budget follows its context length, logits-only parts are
/// off, and its candidates are post-processed and ranked like local ones. Then the host with a stand-in Ollama, and the
/// switch back to the local model.
/// </summary>
public sealed class RemoteBackendPipelineTests
{
    private static readonly Lazy<FimModel> Model = new(() => FimModel.Load(TestPaths.DefaultModel, new InferenceOptions(ExecutionProviderKind.Cpu)));

    private sealed class RecordingGenerator(int contextLength, params string[] answers) : ICandidateGenerator
    {
        public List<(FimPrompt Prompt, GenerationOptions Options)> Calls { get; } = [];

        public string ModelName => "stand-in";

        public string Location => "test";

        public int ContextLength => contextLength;

        public bool SupportsLogitsProcessors => false;

        public GenerationResult Generate(FimPrompt prompt, GenerationOptions options, CancellationToken cancellationToken)
        {
            Calls.Add((prompt, options));
            return new GenerationResult([.. answers.Select(a => new GeneratedCandidate(a, [], 0, StopReason.EndOfText))], 0, 0, 0, 0);
        }
    }

    [Fact]
    public async Task The_generator_gets_the_prompt_texts_and_its_candidates_are_post_processed_and_ranked()
    {
        using var folder = new TempFolder();
        var (workspace, path, text, cursor) = await ContextTests.CreateShop(folder);
        using var _ = workspace;
        var generator = new RecordingGenerator(4096, "AddLine(\"sku\")))))", "Recalculate();", "AddLine(\"sku\");\n                return 1;");
        var engine = CompletionPipeline.WithoutAdaptation(Model.Value, workspace, generator);

        var result = await engine.CompleteAsync(new CompletionRequest(path, text, cursor, new CompletionOptions { LinePolicy = LinePolicy.SingleLine }), CancellationToken.None);

        var (prompt, options) = Assert.Single(generator.Calls);
        Assert.EndsWith("    public decimal Checkout(Order order, int count)\n    {\n        var local = 1 + count;\n        order.", prompt.Prefix);
        Assert.StartsWith("using Shop.Models;", prompt.Prefix);
        Assert.StartsWith("\n        return 0;", prompt.Suffix);
        var signatures = prompt.Context.First();
        Assert.Equal("context/Signatures.cs", signatures.FileName);
        Assert.Contains("    public void AddLine(string sku, int quantity = 1);\n", signatures.Text);
        Assert.Equal(Path.Combine("Services", "CheckoutService.cs"), prompt.FilePath);
        // The member constraint, token healing and the cache LM need logits: not with this generator.
        Assert.Null(options.LogitsProcessor);
        Assert.NotEmpty(prompt.TokenIds);

        Assert.NotEmpty(result.Items);
        Assert.DoesNotContain(result.Items, i => i.Text.Contains(")))", StringComparison.Ordinal));
        Assert.Contains(result.Items, i => i.Text == "Recalculate();");
        Assert.Contains(result.Items, i => i.Text == "AddLine(\"sku\");");
    }

    [Fact]
    public async Task The_prompt_budget_follows_the_generators_context_length()
    {
        using var folder = new TempFolder();
        var (workspace, path, text, cursor) = await ContextTests.CreateShop(folder);
        using var _ = workspace;
        var small = new RecordingGenerator(160, "Recalculate();");
        var large = new RecordingGenerator(4096, "Recalculate();");
        var options = new CompletionOptions { MaxNewTokens = 32 };
        await CompletionPipeline.WithoutAdaptation(Model.Value, workspace, small).CompleteAsync(new CompletionRequest(path, text, cursor, options), CancellationToken.None);
        await CompletionPipeline.WithoutAdaptation(Model.Value, workspace, large).CompleteAsync(new CompletionRequest(path, text, cursor, options), CancellationToken.None);

        var smallPrompt = Assert.Single(small.Calls).Prompt;
        var largePrompt = Assert.Single(large.Calls).Prompt;
        Assert.InRange(smallPrompt.TokenIds.Length, 1, 160 - 32);
        Assert.True(smallPrompt.Prefix.Length + smallPrompt.ContextText.Length < largePrompt.Prefix.Length + largePrompt.ContextText.Length,
            $"{smallPrompt.Prefix.Length + smallPrompt.ContextText.Length} vs {largePrompt.Prefix.Length + largePrompt.ContextText.Length}");
    }

    [Fact]
    public async Task The_host_completes_through_a_remote_server_and_switches_back_to_the_local_model()
    {
        await using var server = new StandInServer(_ => Reply.Ndjson(
        [
            new JsonObject { ["model"] = "qwen2.5-coder:1.5b-base", ["response"] = "Recalculate", ["done"] = false },
            new JsonObject { ["model"] = "qwen2.5-coder:1.5b-base", ["response"] = "();", ["done"] = false },
            new JsonObject { ["model"] = "qwen2.5-coder:1.5b-base", ["response"] = string.Empty, ["done"] = true, ["done_reason"] = "stop" },
        ]));
        using var folder = new TempFolder();
        var (workspace, path, text, cursor) = await ContextTests.CreateShop(folder);
        workspace.Dispose();
        using var host = new EngineHost(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        host.DocumentOpened(path, text);
        var remote = new RemoteBackendSettings(BackendKind.Ollama, server.Endpoint, "qwen2.5-coder:1.5b-base") { ContextLength = 2048 };

        await host.LoadAsync(new ModelSettings(TestPaths.DefaultModel) { Remote = remote }, CancellationToken.None);
        Assert.Equal(ModelState.Ready, host.Status.State);
        Assert.Equal("qwen2.5-coder:1.5b-base", host.Status.Info!.Name);
        Assert.Equal($"ollama at 127.0.0.1:{server.Endpoint.Port}", host.Status.Info.Provider);
        Assert.Equal("qwen", host.Status.Info.Template);
        var request = new CompletionRequest(path, text, cursor, new CompletionOptions { LinePolicy = LinePolicy.SingleLine });
        var remoteResult = await host.CompleteAsync(request, CancellationToken.None);
        Assert.Equal("Recalculate();", Assert.Single(remoteResult.Items).Text);
        var sent = Assert.Single(server.Requests).Json;
        var promptText = (string)sent["prompt"]!;
        Assert.True((bool)sent["raw"]!);
        Assert.Contains("        order.<|fim_suffix|>\n        return 0;", promptText);
        Assert.EndsWith("<|fim_middle|>", promptText);

        await host.LoadAsync(new ModelSettings(TestPaths.DefaultModel), CancellationToken.None);
        Assert.Equal(ModelState.Ready, host.Status.State);
        Assert.NotEqual("qwen2.5-coder:1.5b-base", host.Status.Info!.Name);
        Assert.DoesNotContain("ollama", host.Status.Info.Provider, StringComparison.Ordinal);
        var localResult = await host.CompleteAsync(request, CancellationToken.None);
        Assert.NotEmpty(localResult.Items);
        Assert.Single(server.Requests);
    }
}
