using System.Runtime.CompilerServices;
using System.Text;
using FimComplete.Engine.Api;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

/// <summary>
/// Issue 8 / E2: closing a document releases what the engine keeps for it. After documents are opened, completed in
/// and closed, every per-document count (<see cref="EngineDocumentState"/>) is back where it was, a file on disk is
/// indexed with its disk text again (not the closed editor's unsaved buffer), and the texts themselves are collectable.
/// </summary>
public sealed class DocumentReleaseTests(ITestOutputHelper output)
{
    private const string Marker = "UnsavedBufferMarker";

    [Fact]
    public async Task Closing_documents_returns_the_engines_per_document_state_to_its_baseline()
    {
        using var folder = new TempFolder();
        const string order = "namespace Shop;\n\npublic class Order\n{\n    public decimal Total { get; set; }\n    public void Add(decimal amount) { Total += amount; }\n}\n";
        var orderPath = folder.Write("Order.cs", order);
        folder.Write("Util.cs", "namespace Shop;\n\npublic static class Util\n{\n    public static int Twice(int x) => 2 * x;\n}\n");
        using var host = new EngineHost(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        await host.LoadAsync(new ModelSettings(TestPaths.Fixture("mha-manifest"), "cpu"), CancellationToken.None);
        host.SetWorkspaceFolders([folder.Path]);
        await host.WaitForWorkspaceAsync(CancellationToken.None);
        var options = new CompletionOptions { MaxNewTokens = 4, Candidates = 2 };

        // Warm: a completion in a workspace file, so the baseline has what any session has.
        var orderCursor = order.IndexOf("Total +=", StringComparison.Ordinal);
        host.DocumentOpened(orderPath, order);
        await host.CompleteAsync(new CompletionRequest(orderPath, order, orderCursor, options), CancellationToken.None);
        host.DocumentClosed(orderPath);
        var baseline = host.DocumentState;
        output.WriteLine($"baseline: {baseline}");
        Assert.Equal(0, baseline.OpenDocuments);
        Assert.Equal(2, baseline.AdaptiveDocuments);

        var texts = new List<WeakReference>();
        for (var i = 0; i < 6; i++)
        {
            // Even: a workspace file edited in the editor (an unsaved buffer); odd: a new file that exists only in the editor.
            var path = i % 2 == 0 ? orderPath : Path.Combine(folder.Path, $"New{i}.cs");
            texts.Add(await OpenCompleteAndClose(host, path, i, options));
            var state = host.DocumentState;
            Assert.Equal(baseline with { SemanticModelBases = state.SemanticModelBases }, state);
        }

        var after = host.DocumentState;
        output.WriteLine($"after 6 documents opened, completed and closed: {after}");
        Assert.Equal(baseline with { SemanticModelBases = after.SemanticModelBases }, after);
        Assert.True(after.SemanticModelBases <= baseline.SemanticModelBases, $"{after.SemanticModelBases} warm semantic models kept (baseline {baseline.SemanticModelBases})");

        // The workspace file is back to its disk text in Roslyn (the adaptive indexes: the next test).
        var document = host.Workspace.GetAnalysisDocument(orderPath, order);
        Assert.DoesNotContain(Marker, (await document.GetTextAsync()).ToString(), StringComparison.Ordinal);

        // Nothing keeps the closed documents' texts (the last close's background compile may take a moment).
        for (var attempt = 0; attempt < 50 && texts.Any(t => t.IsAlive); attempt++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            if (texts.Any(t => t.IsAlive)) await Task.Delay(100);
        }

        Assert.Equal(0, texts.Count(t => t.IsAlive));
    }

    [Fact]
    public void The_line_cost_cache_is_bounded_by_characters_and_skips_huge_lines()
    {
        using var model = Inference.FimModel.Load(TestPaths.Fixture("mha-manifest"), new Inference.Onnx.InferenceOptions(Inference.Onnx.ExecutionProviderKind.Cpu, 1));
        var builder = new Prompting.PromptWindowBuilder(model.Tokenizer, model.Template) { MaxCachedChars = 20_000 };
        var huge = new string('x', 50_000) + "\n";
        Assert.True(builder.Cost(huge) > 0);
        Assert.Equal(0, builder.LineCostCacheSize.Lines);

        var text = new StringBuilder();
        for (var i = 0; i < 1_000; i++) text.Append("    int value").Append(i).Append(" = ").Append(new string('1', 40)).Append(";\n");
        builder.Cost(text.ToString());
        var (lines, chars) = builder.LineCostCacheSize;
        output.WriteLine($"line-cost cache (bound 20,000 characters) after 1,000 distinct 60-character lines: {lines} lines, {chars} characters");
        Assert.InRange(chars, 1, 20_000);
        Assert.InRange(lines, 1, 999);
    }

    [Fact]
    public async Task Closing_a_document_reverts_the_adaptive_indexes_to_the_disk_or_drops_it()
    {
        using var folder = new TempFolder();
        var onDisk = folder.Write("Order.cs", "namespace Shop;\n\npublic class Order\n{\n    public decimal Total { get; set; }\n}\n");
        var editorOnly = Path.Combine(folder.Path, "Scratch.cs");
        var outside = Path.Combine(Path.GetTempPath(), $"outside-{Guid.NewGuid():N}.cs");
        var adaptation = new FimComplete.Engine.Adaptive.WorkspaceAdaptation(Adaptive.AdaptiveTestData.FixtureTokenizer);
        Assert.Equal(1, await adaptation.IndexFoldersAsync([folder.Path]));

        var buffer = $"namespace Shop;\n\npublic class Order\n{{\n    public decimal {Marker} {{ get; set; }}\n    public int {Marker}Count => 1;\n}}\n";
        foreach (var path in new[] { onDisk, editorOnly, outside })
        {
            adaptation.DocumentOpened(path, buffer);
        }

        Assert.Equal(3, adaptation.DocumentCount);
        foreach (var path in new[] { onDisk, editorOnly, outside })
        {
            adaptation.DocumentClosed(path);
        }

        Assert.Equal(1, adaptation.DocumentCount);
        Assert.True(adaptation.Contains(onDisk));
        Assert.False(adaptation.Contains(editorOnly));
        Assert.False(adaptation.Contains(outside));
        var query = $"class Probe\n{{\n    public decimal {Marker} {{ get; set; }}\n    public int {Marker}Count => 1;\n    public decimal Total {{ get; set; }}\n";
        var chunks = adaptation.Retrieve(Path.Combine(folder.Path, "Probe.cs"), query, query.Length);
        Assert.DoesNotContain(chunks, c => c.Text.Contains(Marker, StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Text.Contains("Total", StringComparison.Ordinal));
    }

    /// <summary>Opens an edited buffer (with a marker), completes in it and closes it; returns a weak reference to the
    /// buffer's text (not held by the caller).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> OpenCompleteAndClose(EngineHost host, string path, int i, CompletionOptions options)
    {
        var text = new StringBuilder("namespace Shop;\n\npublic class Edited").Append(i).Append("\n{\n");
        for (var line = 0; line < 400; line++) text.Append("    public int ").Append(Marker).Append(i).Append('_').Append(line).Append(" { get; set; }\n");
        text.Append("    public int Sum()\n    {\n        return ");
        var cursor = text.Length;
        text.Append(";\n    }\n}\n");
        var buffer = text.ToString();
        host.DocumentOpened(path, buffer);
        host.DocumentChanged(path, buffer.Insert(cursor, "1 + "));
        var edited = buffer.Insert(cursor, "1 + ");
        var result = await host.CompleteAsync(new CompletionRequest(path, edited, cursor + 4, options), CancellationToken.None);
        Assert.NotNull(result);
        host.DocumentClosed(path);
        return new WeakReference(edited);
    }
}
