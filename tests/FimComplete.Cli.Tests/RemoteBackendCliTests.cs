using System.Text.Json;
using System.Text.Json.Nodes;
using FimComplete.Cli;
using FimComplete.Tests.Shared.Remote;

namespace FimComplete.Cli.Tests;

/// <summary><c>complete</c> and <c>eval</c> with <c>--backend ollama --endpoint URL --remote-model NAME</c> against a
/// stand-in Ollama: the prompt goes to the server and nothing is sent without the flags.</summary>
public sealed class RemoteBackendCliTests
{
    private static Reply Answer(RecordedRequest _) => Reply.Ndjson(
    [
        new JsonObject { ["model"] = "qwen2.5-coder:1.5b-base", ["response"] = "a + b;", ["done"] = false },
        new JsonObject { ["model"] = "qwen2.5-coder:1.5b-base", ["response"] = string.Empty, ["done"] = true, ["done_reason"] = "stop" },
    ]);

    [Fact]
    public async Task Complete_sends_the_prompt_to_the_server_named_by_the_flags()
    {
        await using var server = new StandInServer(Answer);
        var folder = Directory.CreateTempSubdirectory("fim-remote-cli-");
        try
        {
            var file = Path.Combine(folder.FullName, "Probe.cs");
            await File.WriteAllTextAsync(file, "class A\n{\n    int Add(int a, int b)\n    {\n        return \n    }\n}\n");
            var exit = await Program.Main([
                "complete", file, "--line", "5", "--column", "16", "--model", TestPaths.Fixture("mha-manifest"),
                "--backend", "ollama", "--endpoint", server.Endpoint.AbsoluteUri, "--remote-model", "qwen2.5-coder:1.5b-base", "--remote-context-length", "2048",
            ]);
            Assert.Equal(0, exit);
            var json = Assert.Single(server.Requests).Json;
            Assert.Equal("qwen2.5-coder:1.5b-base", (string?)json["model"]);
            Assert.Contains("int Add(int a, int b)\n    {\n        return <|fim_suffix|>", (string)json["prompt"]!, StringComparison.Ordinal);
            Assert.Equal(2048, (int)json["options"]!["num_ctx"]!);

            var missingModel = await Program.Main(["complete", file, "--line", "5", "--column", "16", "--backend", "ollama", "--endpoint", server.Endpoint.AbsoluteUri]);
            Assert.NotEqual(0, missingModel);
            Assert.Single(server.Requests);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Eval_takes_the_same_flags()
    {
        await using var server = new StandInServer(Answer);
        var output = Path.Combine(Path.GetTempPath(), $"fim-eval-remote-{Guid.NewGuid():N}.json");
        try
        {
            var visible = Path.Combine(TestPaths.RepoRoot, "tests", "eval", "visible");
            var exit = await Program.Main([
                "eval", "--root", Path.Combine(visible, "src"), "--tasks", Path.Combine(visible, "tasks.jsonl"), "--model", TestPaths.Fixture("mha-manifest"),
                "--limit", "2", "--out", output, "--backend", "ollama", "--endpoint", server.Endpoint.AbsoluteUri, "--remote-model", "qwen2.5-coder:1.5b-base",
            ]);
            Assert.Equal(0, exit);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            Assert.Equal(2, doc.RootElement.GetProperty("summary").GetProperty("tasks").GetInt32());
            Assert.InRange(server.Requests.Count, 2, 2);
            Assert.All(server.Requests, r => Assert.Equal("/api/generate", r.Path));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
