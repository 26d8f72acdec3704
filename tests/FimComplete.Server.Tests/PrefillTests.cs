using FimComplete.Protocol;

namespace FimComplete.Server.Tests;

/// <summary>fimComplete/prefill: the cursor's place reaches the host as a request at that offset (CRLF document).</summary>
public class PrefillTests
{
    private const string Uri = "file:///work/project/P.cs";

    [Fact]
    public async Task A_prefill_notification_asks_the_host_to_prepare_a_request_at_the_cursor()
    {
        await using var h = await InlineCompletionTests.StartAsync();
        var text = "class P\r\n{\r\n\tvoid M()\r\n\t{\r\n\t\tvar x = \r\n\t}\r\n}\r\n";
        await h.OpenAsync(Uri, text);
        await h.NotifyAsync(LspMethods.FimPrefill, new { textDocument = new { uri = Uri }, position = new { line = 4, character = 10 } });

        Assert.True(await h.Host.PrefillRequested.WaitAsync(TimeSpan.FromSeconds(10)), "no prefill reached the host");
        Assert.True(h.Host.Prefills.TryDequeue(out var prefill));
        Assert.Equal(text.IndexOf("var x = ", StringComparison.Ordinal) + "var x = ".Length, prefill.Offset);
        Assert.Equal(text, prefill.Text);
        Assert.Empty(h.Host.Requests);
    }

    [Fact]
    public async Task A_prefill_for_an_unknown_document_or_a_line_past_the_end_is_ignored()
    {
        await using var h = await InlineCompletionTests.StartAsync();
        await h.OpenAsync(Uri, "class P { }\n");
        await h.NotifyAsync(LspMethods.FimPrefill, new { textDocument = new { uri = "file:///work/project/Other.cs" }, position = new { line = 0, character = 0 } });
        await h.NotifyAsync(LspMethods.FimPrefill, new { textDocument = new { uri = Uri }, position = new { line = 40, character = 0 } });

        // A request after them is answered (the queue went on) and no prefill was made.
        var answer = await h.InlineAsync(Uri, 0, 9);
        Assert.True(answer.GetProperty("items").GetArrayLength() > 0);
        Assert.Empty(h.Host.Prefills);
    }
}
