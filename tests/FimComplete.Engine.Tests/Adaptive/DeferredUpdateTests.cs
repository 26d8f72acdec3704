using FimComplete.Engine.Adaptive;

namespace FimComplete.Engine.Tests.Adaptive;

/// <summary>Editor updates reach the adaptive indexes once per read, not once per keystroke (issue 8, E4).</summary>
public sealed class DeferredUpdateTests
{
    private const string Code = "namespace Shop;\n\npublic class Order\n{\n    public decimal Total { get; set; }\n    public int Count => 1;\n}\n";

    [Fact]
    public void Keystrokes_are_indexed_once_at_the_next_request_with_the_latest_text()
    {
        var adaptation = new WorkspaceAdaptation(AdaptiveTestData.FixtureTokenizer);
        var path = Path.Combine(Path.GetTempPath(), "deferred", "Order.cs");
        adaptation.DocumentOpened(path, Code);
        var typed = Code;
        for (var i = 0; i < 20; i++)
        {
            typed = typed.Insert(typed.IndexOf("    public int", StringComparison.Ordinal), "x");
            adaptation.DocumentChanged(path, typed);
        }

        Assert.Equal(1, adaptation.PendingDocuments);
        Assert.Equal(0, adaptation.Ngrams!.SegmentsTokenized);

        // A request in another document reads the indexes: the typed document is indexed once, with its latest text.
        var other = Path.Combine(Path.GetTempPath(), "deferred", "Probe.cs");
        const string Probe = "class Probe\n{\n    public decimal Total { get; set; }\n    public int Count => 1;\n";
        var cacheLm = adaptation.CreateCacheLm(other, Probe, Probe.Length);
        Assert.NotNull(cacheLm);
        Assert.Equal(0, adaptation.PendingDocuments);
        var tokenizedOnce = adaptation.Ngrams.SegmentsTokenized;
        Assert.True(adaptation.Ngrams.Contains(path));
        Assert.True(adaptation.Retriever!.Contains(path));

        // Indexing the same text again tokenises nothing: the index holds the latest keystroke's text.
        adaptation.Update(path, typed);
        Assert.Equal(tokenizedOnce, adaptation.Ngrams.SegmentsTokenized);
    }

    [Fact]
    public void A_document_opened_and_closed_before_a_request_is_never_tokenised()
    {
        var adaptation = new WorkspaceAdaptation(AdaptiveTestData.FixtureTokenizer);
        var path = Path.Combine(Path.GetTempPath(), $"outside-{Guid.NewGuid():N}", "Huge.cs");
        adaptation.DocumentOpened(path, "class Huge { string s = \"" + new string('a', 200_000) + "\"; }");
        adaptation.DocumentChanged(path, "class Huge { }");
        adaptation.DocumentClosed(path);

        Assert.Equal(0, adaptation.PendingDocuments);
        Assert.Equal(0, adaptation.DocumentCount);
        Assert.Equal(0, adaptation.Ngrams!.SegmentsTokenized);
    }

    [Fact]
    public void A_direct_update_wins_over_an_older_deferred_one()
    {
        var adaptation = new WorkspaceAdaptation(AdaptiveTestData.FixtureTokenizer);
        var path = Path.Combine(Path.GetTempPath(), "deferred", "Order.cs");
        adaptation.DocumentChanged(path, "class Old { }");
        adaptation.Update(path, Code);
        Assert.Equal(0, adaptation.PendingDocuments);

        var chunks = adaptation.Retrieve(Path.Combine(Path.GetTempPath(), "deferred", "Probe.cs"), "public decimal Total { get; set; }\n    public int Count => 1;\n", 58);
        Assert.Contains(chunks, c => c.Text.Contains("Total", StringComparison.Ordinal));
        Assert.DoesNotContain(chunks, c => c.Text.Contains("Old", StringComparison.Ordinal));
    }
}
