using FimComplete.Engine.Analysis;
using FimComplete.Engine.Api;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.Context;
using FimComplete.Engine.Hosting;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Onnx;
using Xunit.Abstractions;

namespace FimComplete.Engine.Tests;

public sealed class ContextTests(ITestOutputHelper output)
{
    internal const string Order = """
        namespace Shop.Models;

        /// <summary>An order.</summary>
        public class Order : EntityBase
        {
            private readonly List<string> _lines = new();

            public Order(int id) { Id = id; }

            public decimal Total { get; private set; }

            public IReadOnlyList<string> Lines => _lines;

            public void AddLine(string sku, int quantity = 1) { _lines.Add(sku); Total += quantity; }

            internal void Recalculate() { }

            private void Secret() { }

            public static Order Empty() => new(0);
        }

        public abstract class EntityBase
        {
            public int Id { get; protected set; }
        }

        public enum Status { Open, Shipped }

        """;

    internal const string Customer = """
        namespace Shop.Models;

        public sealed record Customer(string Name, string Email)
        {
            public Status Preferred { get; init; }
        }

        """;

    internal const string Service = """
        using Shop.Models;

        namespace Shop;

        public class CheckoutService
        {
            private readonly Customer _customer = new("a", "b");

            public decimal Checkout(Order order, int count)
            {
                var local = 1 + count;
                order.|
                return 0;
            }

            private int Helper() => 3;
        }

        """;

    internal static async Task<(CodeWorkspace Workspace, string ServicePath, string Text, int Cursor)> CreateShop(TempFolder folder)
    {
        folder.Write("Shop.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>");
        folder.Write("Models/Order.cs", Order);
        folder.Write("Models/Customer.cs", Customer);
        var (text, cursor) = Caret.Split(Service);
        var path = folder.Write("Services/CheckoutService.cs", text);
        var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false });
        workspace.SetFolders([folder.Path]);
        await workspace.WhenLoaded;
        return (workspace, path, text, cursor);
    }

    /// <summary>The shop's checkout document analysed at its cursor after <c>order.</c>, and that member access.</summary>
    private static async Task<(CodeWorkspace Workspace, DocumentAnalysis Analysis, MemberAccessSite? Site)> ShopAtReceiver(TempFolder folder)
    {
        var (workspace, path, text, cursor) = await CreateShop(folder);
        var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument(path, text), cursor, CancellationToken.None);
        return (workspace, analysis, MemberAccessSite.Find(analysis.Root, cursor));
    }

    /// <summary>The cross-file context of the receiver at <paramref name="site"/> (400 tokens, 4 characters a token).</summary>
    private static SemanticContext ContextAt(CodeWorkspace workspace, DocumentAnalysis analysis, MemberAccessSite site, bool nearCursorOnly = false) =>
        SemanticContextBuilder.Build(analysis, site.Receiver, t => (t.Length + 3) / 4, 400, workspace.DisplayPath, ContextStyle.Code, CancellationToken.None, nearCursorOnly: nearCursorOnly);

    [Fact]
    public async Task The_receivers_members_declared_in_another_file_are_in_the_context()
    {
        using var folder = new TempFolder();
        var (workspace, analysis, site) = await ShopAtReceiver(folder);
        using var _ = workspace;
        Assert.NotNull(site);

        var context = ContextAt(workspace, analysis, site);
        output.WriteLine(context.Text);

        Assert.Equal("Order", context.Types[0]);
        Assert.StartsWith("// Models/Order.cs\npublic class Order : EntityBase\n{\n", context.Text);
        Assert.Contains("    public void AddLine(string sku, int quantity = 1);\n", context.Text);
        Assert.Contains("    public decimal Total { get; private set; }\n", context.Text);
        Assert.Contains("    public Order(int id);\n", context.Text);
        Assert.Contains("    internal void Recalculate();\n", context.Text);
        Assert.DoesNotContain("Secret", context.Text);
        Assert.DoesNotContain("_lines", context.Text);
        Assert.DoesNotContain("AddLine(string sku, int quantity = 1) {", context.Text);
        // Types of the enclosing type's fields and the receiver's base come along; the current file's own types do not.
        Assert.Contains("EntityBase", context.Types);
        Assert.Contains("Customer", context.Types);
        Assert.DoesNotContain("CheckoutService", context.Types);
    }

    [Fact]
    public async Task Near_the_cursor_only_the_types_named_there_come_along()
    {
        using var folder = new TempFolder();
        var (workspace, analysis, site) = await ShopAtReceiver(folder);
        using var _ = workspace;
        Assert.NotNull(site);

        var all = ContextAt(workspace, analysis, site);
        var near = ContextAt(workspace, analysis, site, nearCursorOnly: true);

        // The receiver and its base are named at the cursor; Customer only by a field of the enclosing type.
        Assert.Contains("Customer", all.Types);
        Assert.Equal("Order", near.Types[0]);
        Assert.Contains("EntityBase", near.Types);
        Assert.DoesNotContain("Customer", near.Types);
        Assert.True(near.Tokens < all.Tokens, $"{near.Tokens} vs {all.Tokens} tokens");
    }

    [Fact]
    public async Task The_context_respects_its_budget()
    {
        using var folder = new TempFolder();
        var (workspace, analysis, site) = await ShopAtReceiver(folder);
        using var _ = workspace;
        Func<string, int> cost = t => (t.Length + 3) / 4;
        foreach (var budget in new[] { 16, 40, 80, 160 })
        {
            var context = SemanticContextBuilder.Build(analysis, site!.Receiver, cost, budget, workspace.DisplayPath, ContextStyle.Code, CancellationToken.None);
            Assert.True(context.Tokens <= budget, $"{context.Tokens} > {budget}");
            Assert.True(context.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(l => cost(l + "\n")) <= budget);
        }
    }

    [Fact]
    public async Task Without_a_receiver_the_types_used_near_the_cursor_come_first()
    {
        using var folder = new TempFolder();
        var (workspace, path, text, cursor) = await CreateShop(folder);
        using var _ = workspace;
        var edited = text.Remove(cursor - "order.".Length, "order.".Length).Insert(cursor - "order.".Length, "var c = _customer.Preferred;\n        ");
        var at = edited.IndexOf("return 0;", StringComparison.Ordinal);
        var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument(path, edited), at, CancellationToken.None);
        var context = SemanticContextBuilder.Build(analysis, null, t => (t.Length + 3) / 4, 400, workspace.DisplayPath, ContextStyle.Code, CancellationToken.None);
        output.WriteLine(context.Text);
        Assert.Contains("Customer", context.Types);
        Assert.Contains("Status", context.Types);
        Assert.Contains("Order", context.Types);
        Assert.Contains("public enum Status\n{\n    Open,\n    Shipped,\n}\n", context.Text);
    }

    [Fact]
    public async Task With_scope_member_access_the_context_goes_only_after_a_dot()
    {
        using var folder = new TempFolder();
        var (workspace, path, text, cursor) = await CreateShop(folder);
        using var _ = workspace;
        // the shipped model: the fixture's context length leaves no room for a context block
        using var model = FimModel.Load(TestPaths.DefaultModel, new InferenceOptions(ExecutionProviderKind.Cpu));
        var engine = CompletionPipeline.WithoutAdaptation(model, workspace);
        var memberOnly = new CompletionOptions { ContextScope = ContextScope.MemberAccess };
        var noDot = text.IndexOf("return 0;", StringComparison.Ordinal);

        Assert.Contains("Order", (await engine.CompleteAsync(new CompletionRequest(path, text, cursor, memberOnly), CancellationToken.None)).Prompt!.Context.Types);
        Assert.Empty((await engine.CompleteAsync(new CompletionRequest(path, text, noDot, memberOnly), CancellationToken.None)).Prompt!.Context.Types);
        Assert.NotEmpty((await engine.CompleteAsync(new CompletionRequest(path, text, noDot, new CompletionOptions()), CancellationToken.None)).Prompt!.Context.Types);
    }
}
