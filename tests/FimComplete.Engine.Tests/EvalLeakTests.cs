using FimComplete.Engine.Adaptive;
using FimComplete.Engine.Api;
using FimComplete.Evaluation;
using FimComplete.Engine.Tests.Adaptive;

namespace FimComplete.Engine.Tests;

/// <summary>
/// The eval harness must not show a task's expected middle to the parts that read the workspace: the workspace cache
/// LM's n-gram index and similar-code retrieval. The host below feeds a real <see cref="WorkspaceAdaptation"/> exactly
/// as <see cref="Hosting.EngineHost"/> does (folder scan from disk, then the open/change events), and checks at
/// completion time what the indexes hold.
/// </summary>
public sealed class EvalLeakTests
{
    private const string Secret = "ZebraQuokkaFrobnicator(17, \"kumquat\")";

    /// <summary>A piece of the middle of both tasks.</summary>
    private const string Mark = "kumquat";

    [Fact]
    public async Task The_expected_middle_is_in_neither_the_cache_LM_index_nor_retrieval_while_the_task_runs()
    {
        using var folder = new TempFolder("fim-leak");
        var body = string.Join('\n', Enumerable.Range(0, 12).Select(i => $"        var item{i} = Compute(count + {i}, name);"));
        var a = $"namespace Leak;\n\npublic class Alpha\n{{\n    public void Run(int count, string name)\n    {{\n{body}\n        var result = {Secret};\n    }}\n}}\n";
        // Another file shares the lines before the cursor, so retrieval finds it (and would find the middle if it leaked).
        var b = $"namespace Leak;\n\npublic class Beta\n{{\n    public void Run(int count, string name)\n    {{\n{body}\n        var result = Other(1);\n    }}\n}}\n";
        folder.Write("Alpha.cs", a);
        folder.Write("Beta.cs", b);
        var start = a.IndexOf(Secret, StringComparison.Ordinal);
        var tasks = new[]
        {
            new EvalTask("single-line-000", "Alpha.cs", start, start + Secret.Length, "single-line"),
            new EvalTask("member-000", "Alpha.cs", start + "ZebraQuokkaFrobnicator(".Length, start + Secret.Length, "member"),
        };

        using var host = new SpyHost();
        var report = await new EvalRunner(host, new CompletionOptions(), TextWriter.Null).RunAsync(folder.Path, tasks, CancellationToken.None);

        Assert.Equal(2, report.Summary.Tasks);
        Assert.True(host.SecretIndexedBeforeTasks, "control: the folder scan indexes the files from disk, secret included");
        Assert.Equal(2, host.Checks.Count);
        Assert.All(host.Checks, check =>
        {
            Assert.False(check.InRequest, "the request text holds the middle");
            Assert.False(check.InNgramIndex, "the cache LM index holds the middle");
            Assert.False(check.InRetrieval, "retrieval returned the middle");
            Assert.True(check.RetrievedChunks > 0, "control: retrieval found the similar file");
        });
    }

    private sealed record LeakCheck(bool InRequest, bool InNgramIndex, bool InRetrieval, int RetrievedChunks);

    /// <summary>A host whose only engine is the workspace-adaptive part, fed like <see cref="Hosting.EngineHost"/>'s.</summary>
    private sealed class SpyHost : IEngineHost, IWorkspaceHost
    {
        private readonly WorkspaceAdaptation _adaptation = new(AdaptiveTestData.FixtureTokenizer);
        private Task _indexing = Task.CompletedTask;

        public List<LeakCheck> Checks { get; } = [];

        public bool SecretIndexedBeforeTasks { get; private set; }

        public ModelStatus Status { get; } = new(ModelState.Ready, null, null);

        public event Action<ModelStatus>? StatusChanged
        {
            add { }
            remove { }
        }

        public Task LoadAsync(ModelSettings settings, CancellationToken cancellationToken) => Task.CompletedTask;

        public void SetWorkspaceFolders(IReadOnlyList<string> folders) => _indexing = _adaptation.IndexFoldersAsync(folders);

        public void TrustWorkspace()
        {
        }

        public async Task WaitForWorkspaceAsync(CancellationToken cancellationToken)
        {
            await _indexing.WaitAsync(cancellationToken);
            SecretIndexedBeforeTasks = IndexHolds(Mark);
        }

        public Task<CompletionResult> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken)
        {
            var chunks = _adaptation.Retrieve(request.DocumentPath, request.Text, request.Offset);
            Checks.Add(new LeakCheck(request.Text.Contains(Mark, StringComparison.Ordinal), IndexHolds(Mark),
                chunks.Any(c => c.Text.Contains(Mark, StringComparison.Ordinal)), chunks.Count));
            return Task.FromResult(CompletionResult.Empty);
        }

        public void DocumentOpened(string path, string text) => _adaptation.DocumentOpened(path, text);

        public void DocumentChanged(string path, string text) => _adaptation.DocumentChanged(path, text);

        public void DocumentClosed(string path) => _adaptation.DocumentClosed(path);

        public void Dispose()
        {
        }

        private bool IndexHolds(string text)
        {
            var snapshot = _adaptation.Ngrams!.Snapshot;
            return snapshot.Paths.Any(p => snapshot.Tokenizer.Decode(snapshot.GetTokens(p)!).Contains(text, StringComparison.Ordinal));
        }
    }
}
