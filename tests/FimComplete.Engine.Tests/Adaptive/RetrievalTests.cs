using FimComplete.Engine.Adaptive;

namespace FimComplete.Engine.Tests.Adaptive;

public sealed class RetrievalTests
{
    private const string Exporter = """
        namespace Shop;

        public sealed class CsvExporter
        {
            public string Export(IEnumerable<Order> orders)
            {
                var builder = new StringBuilder();
                builder.AppendLine("id;customer;amount;currency");
                foreach (var order in orders)
                {
                    builder.Append(order.Id).Append(';');
                    builder.Append(order.Customer.Name).Append(';');
                    builder.Append(order.Amount.ToString(CultureInfo.InvariantCulture)).Append(';');
                    builder.AppendLine(order.Currency.IsoCode);
                }

                return builder.ToString();
            }
        }

        """;

    private const string Unrelated = """
        namespace Shop;

        public static class MathHelpers
        {
            public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;

            public static double Lerp(double a, double b, double t) => a + ((b - a) * t);
        }

        """;

    private const string Current = """
        namespace Shop;

        public sealed class TsvExporter
        {
            public string Export(IEnumerable<Order> orders)
            {
                var builder = new StringBuilder();
                builder.AppendLine("id\tcustomer\tamount\tcurrency");
                foreach (var order in orders)
                {
                    builder.Append(order.Id).Append('\t');

        """;

    [Fact]
    public void Retrieval_returns_the_chunk_of_another_file_that_shares_the_cursor_context()
    {
        var retriever = new SimilarCodeRetriever();
        retriever.Update("/ws/CsvExporter.cs", Exporter);
        retriever.Update("/ws/MathHelpers.cs", Unrelated);
        retriever.Update("/ws/TsvExporter.cs", Current);

        var chunks = retriever.Query("/ws/TsvExporter.cs", Current, Current.Length);

        Assert.NotEmpty(chunks);
        Assert.Equal("/ws/CsvExporter.cs", chunks[0].Path);
        Assert.Contains("order.Customer.Name", chunks[0].Text, StringComparison.Ordinal);
        Assert.True(chunks[0].Score > 0.4, $"score {chunks[0].Score}");
        Assert.DoesNotContain(chunks, c => c.Path == "/ws/TsvExporter.cs"); // the cursor's own window is skipped
        Assert.DoesNotContain(chunks, c => c.Path == "/ws/MathHelpers.cs");
    }

    [Fact]
    public void Rendering_stays_within_the_budget_and_names_the_file()
    {
        var retriever = new SimilarCodeRetriever();
        retriever.Update("/ws/CsvExporter.cs", Exporter);
        var chunks = retriever.Query("/ws/TsvExporter.cs", Current, Current.Length);
        static int Cost(string s) => s.Length / 4;

        var comment = SimilarCodeRetriever.Render(chunks, 400, Cost, p => Path.GetFileName(p));
        Assert.StartsWith("// Compare this snippet from CsvExporter.cs:\n", comment, StringComparison.Ordinal);
        Assert.All(comment.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("//", line, StringComparison.Ordinal));

        var code = SimilarCodeRetriever.Render(chunks, 400, Cost, p => Path.GetFileName(p), RetrievalStyle.Code);
        Assert.StartsWith("// file: CsvExporter.cs\n", code, StringComparison.Ordinal);
        Assert.Contains("        builder.Append(order.Customer.Name)", code, StringComparison.Ordinal);

        var small = SimilarCodeRetriever.Render(chunks, 60, Cost);
        Assert.True(Cost(small) <= 60, $"{Cost(small)} tokens");
        Assert.NotEmpty(small);
        Assert.Empty(SimilarCodeRetriever.Render(chunks, 5, Cost));
    }

    [Fact]
    public void An_update_replaces_the_documents_windows()
    {
        var retriever = new SimilarCodeRetriever();
        retriever.Update("/ws/CsvExporter.cs", Exporter);
        Assert.NotEmpty(retriever.Query("/ws/TsvExporter.cs", Current, Current.Length));

        retriever.Update("/ws/CsvExporter.cs", Unrelated);
        Assert.Empty(retriever.Query("/ws/TsvExporter.cs", Current, Current.Length));

        retriever.Update("/ws/Other.cs", Exporter);
        Assert.Equal("/ws/Other.cs", retriever.Query("/ws/TsvExporter.cs", Current, Current.Length)[0].Path);
        retriever.Remove("/ws/Other.cs");
        Assert.Empty(retriever.Query("/ws/TsvExporter.cs", Current, Current.Length));
    }

    [Fact]
    public void Far_away_windows_of_the_own_document_can_be_retrieved()
    {
        var retriever = new SimilarCodeRetriever();
        var filler = string.Concat(Enumerable.Range(0, 80).Select(i => $"    // filler line number {i} about nothing\n"));
        var own = Exporter + filler + Current;
        retriever.Update("/ws/Both.cs", own);
        var chunks = retriever.Query("/ws/Both.cs", own, own.Length);
        Assert.NotEmpty(chunks);
        Assert.True(chunks[0].EndLine <= Exporter.Split('\n').Length + 8);
    }

    [Fact]
    public void The_memory_cap_evicts_the_least_recently_updated_documents()
    {
        var retriever = new SimilarCodeRetriever(new RetrievalOptions { MaxDocuments = 2 });
        retriever.Update("/ws/a.cs", Exporter);
        retriever.Update("/ws/b.cs", Unrelated);
        retriever.Update("/ws/a.cs", Exporter); // touched: b is now the oldest
        retriever.Update("/ws/c.cs", Current);
        Assert.Equal(2, retriever.Documents);
        Assert.True(retriever.Contains("/ws/a.cs"));
        Assert.False(retriever.Contains("/ws/b.cs"));
        Assert.Equal(1, retriever.Evictions);
        Assert.True(retriever.EstimatedBytes > 0);
    }

    [Fact]
    public void A_visible_set_workspace_answers_queries_from_its_own_files()
    {
        var retriever = new SimilarCodeRetriever();
        var files = AdaptiveTestData.VisibleFiles(60);
        retriever.AddDocuments(files.Select(f => (f, File.ReadAllText(f))));
        Assert.Equal(files.Count, retriever.Documents);
        var text = File.ReadAllText(files[7]);
        var chunks = retriever.Query("/elsewhere/Copy.cs", text, text.Length / 2);
        Assert.NotEmpty(chunks);
        Assert.Equal(files[7], chunks[0].Path); // an unrelated path: the copy's source is the best match
    }
}
