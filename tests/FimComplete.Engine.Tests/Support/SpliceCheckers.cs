using FimComplete.Engine.Analysis;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Text;
using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Tests.Support;

/// <summary>Candidates spliced into a real Roslyn document: a private workspace (no projects, no watching) and the
/// checker at a <c>|</c> caret, for the ranking, binding and re-decoding tests.</summary>
internal static class SpliceCheckers
{
    public static readonly CodeWorkspace Workspace = new(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false, WarmUp = false });

    /// <summary>A handler with a repository, a parameter and a field; the caret after <c>await</c>.</summary>
    public const string OrderHandler = """
        using System.Threading.Tasks;
        class Order { public string Number { get; set; } = ""; }
        class OrderRepository { public Task<Order?> GetAsync(string number) => Task.FromResult<Order?>(null); }
        class Handler
        {
            private readonly OrderRepository _orderRepository = new();
            public async Task<Order?> Handle(string orderNumber)
            {
                var order = await |;
                return order;
            }
        }
        """;

    /// <summary>The checker of the document <paramref name="textWithCaret"/> at its caret, as a new file of the workspace.</summary>
    public static SpliceChecker CheckerAt(string textWithCaret)
    {
        var (text, cursor) = Caret.Split(textWithCaret);
        var document = NormalizedDocument.Create(text, cursor);
        var analysis = DocumentAnalysis.Create(Workspace.GetAnalysisDocument($"/tmp/splices/{Guid.NewGuid():N}.cs", document.Text), document.Cursor, CancellationToken.None);
        return new SpliceChecker(analysis);
    }
}
