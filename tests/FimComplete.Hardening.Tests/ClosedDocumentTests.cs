using System.Text;
using FimComplete.Hardening.Tests.Infrastructure;

namespace FimComplete.Hardening.Tests;

/// <summary>
/// Issue 8 / E2 (was an open issue with a repro that failed): closing documents releases what the real server's engine
/// kept for them.
/// </summary>
public class ClosedDocumentTests(ITestOutputHelper output)
{
    /// <summary>
    /// Ten 400,000-character documents, one completion each, then closed: their memory is released (before the fix
    /// 68-103 MB of managed heap stayed live after a full GC: the adaptive indexes kept the closed buffers, warm semantic
    /// models kept solution snapshots holding them).
    /// </summary>
    [Fact]
    public async Task ClosedLargeDocumentsAreReleasedAfterCompletions()
    {
        using var workspace = new TempFolder();
        await using var server = await TestServer.StartReadyAsync(workspace.Path);
        var client = server.Client;
        long Heap(System.Text.Json.JsonElement memory) => memory.GetProperty("managedHeap").GetInt64() / 1048576;
        long before = Heap(await client.CallAsync("fimComplete/debug/memory", new { collect = true }));
        async Task<long> HeapAfterClosing(int from, int to)
        {
            for (int i = from; i < to; i++)
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

            // The close lets Roslyn drop the project's previous compilation in the background: take the lowest of a few
            // samples a moment apart.
            long lowest = long.MaxValue;
            for (int attempt = 0; attempt < 4; attempt++)
            {
                await Task.Delay(attempt == 0 ? 0 : 500);
                lowest = Math.Min(lowest, Heap(await client.CallAsync("fimComplete/debug/memory", new { collect = true })));
            }

            return lowest;
        }

        long afterFive = await HeapAfterClosing(0, 5);
        long afterTen = await HeapAfterClosing(5, 10);
        Measurements.Record(output, "closed-documents", new { managedHeapBeforeMb = before, managedHeapAfterFiveMb = afterFive, managedHeapAfterTenMb = afterTen, documents = 10, charactersEach = 12 + (6500 * 80) });
        output.WriteLine($"managed heap after a full GC: {before} MB before, {afterFive} MB after 5 and {afterTen} MB after 10 large documents were opened, completed and closed");

        // Each document is ~1 MB of UTF-16 text and ~8 MB with its syntax tree: a leak per closed document would add
        // 40+ MB between 5 and 10. What stays is bounded and does not grow with the number of documents (pooled
        // buffers of the 1 MB messages, the project's last compilation state).
        Assert.True(afterTen - afterFive < 10, $"{afterTen - afterFive} MB more managed heap after five more documents were closed");
        Assert.True(afterTen - before < 30, $"{afterTen - before} MB of managed heap kept after the documents were closed");
        Assert.Equal(0, await server.ShutdownAsync());
    }
}
