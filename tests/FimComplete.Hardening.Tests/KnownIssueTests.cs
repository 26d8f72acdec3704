using System.Text;
using FimComplete.Hardening.Tests.Infrastructure;

namespace FimComplete.Hardening.Tests;

/// <summary>
/// Repros of open issues found by the hardening work (docs/reliability.md, "Open issues"). They fail today, so they only
/// run with FIMCOMPLETE_KNOWN_ISSUES=1; otherwise they pass without checking anything (and say so).
/// </summary>
public class KnownIssueTests(ITestOutputHelper output)
{
    private bool Enabled()
    {
        bool enabled = Environment.GetEnvironmentVariable("FIMCOMPLETE_KNOWN_ISSUES") == "1";
        if (!enabled)
        {
            output.WriteLine("Not run: set FIMCOMPLETE_KNOWN_ISSUES=1.");
        }

        return enabled;
    }

    /// <summary>
    /// E2: ten 500,000-character documents, one completion each, then closed: their memory should be released. Today
    /// 60-83 MB of managed heap stays live after a full GC (4 MB without the completion requests).
    /// </summary>
    [Fact]
    public async Task ClosedLargeDocumentsAreReleasedAfterCompletions()
    {
        if (!this.Enabled())
        {
            return;
        }

        using var workspace = new TempFolder();
        await using var server = await ServerProcess.StartReadyAsync(workspace.Path);
        var client = server.Client;
        long Heap(System.Text.Json.JsonElement memory) => memory.GetProperty("managedHeap").GetInt64() / 1048576;
        long before = Heap(await client.CallAsync("fimComplete/debug/memory", new { collect = true }));
        for (int i = 0; i < 10; i++)
        {
            string uri = TempFolder.Uri(System.IO.Path.Combine(workspace.Path, $"Big{i}.cs"));
            var text = new StringBuilder("class Big {\n");
            for (int line = 0; line < 6500; line++)
            {
                text.Append("    string s = \"").Append((char)('a' + i), 60).Append("\";\n");
            }

            text.Append('}');
            await client.OpenAsync(uri, text.ToString());
            await client.InlineAsync(uri, 1, 4);
            await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri } });
        }

        long after = Heap(await client.CallAsync("fimComplete/debug/memory", new { collect = true }));
        output.WriteLine($"managed heap after a full GC: {before} MB before, {after} MB after 10 large documents were opened, completed and closed");
        Assert.True(after - before < 15, $"{after - before} MB of managed heap kept after the documents were closed");
        Assert.Equal(0, await server.ShutdownAsync());
    }
}
