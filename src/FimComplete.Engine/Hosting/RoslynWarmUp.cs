using System.Diagnostics;
using FimComplete.Engine.Analysis;
using FimComplete.Engine.Api;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.Context;
using FimComplete.Engine.Text;
using FimComplete.Engine.Workspace;

namespace FimComplete.Engine.Hosting;

/// <summary>
/// Roslyn's part of a completion without a model: a built-in document in a private workspace (the running .NET's
/// references), its semantic model, the member lookup after <c>expr.</c> and the cross-file context, at the cursors the
/// engine warm-up completes at. The <c>fimcomplete</c> executable compiles optimised code at once (no quick JIT), so
/// the first completion otherwise compiles Roslyn's binder and symbol code itself: in the VS Code session benchmark its
/// context stage took 20 s (load 20, 2 cores) when the first request cancelled the engine warm-up right after the model
/// load. <see cref="ModelHost"/> runs this when its first load starts, so the work overlaps the model load; it holds no
/// model lease and no generator, so a request never waits for it.
/// </summary>
internal static class RoslynWarmUp
{
    /// <summary>The document both warm-ups complete in (nothing of the user's is read).</summary>
    internal const string Text = "using System;\nusing System.Collections.Generic;\n\nnamespace WarmUp;\n\npublic sealed class Counter\n{\n    private readonly Dictionary<string, int> _counts = new();\n\n    public void Add(string key)\n    {\n        _counts[key] = _counts.TryGetValue(key, out var n) ? n + 1 : 1;\n        Console.\n    }\n\n    public int Total()\n    {\n        \n    }\n}\n";

    /// <summary>Mid-line (single-line mode), after <c>Console.</c> (member constraint), an empty line in a body (multi-line mode).</summary>
    internal static int[] Cursors { get; } =
    [
        Text.IndexOf("? n + 1", StringComparison.Ordinal),
        Text.IndexOf("Console.", StringComparison.Ordinal) + 8,
        Text.IndexOf("        \n    }\n}", StringComparison.Ordinal) + 8,
    ];

    internal static string DocumentPath { get; } = Path.Combine(Path.GetTempPath(), "fimcomplete-warm-up", "Counter.cs");

    /// <summary>
    /// Roslyn's part of <paramref name="request"/> in <paramref name="workspace"/> (the document to analyse, its semantic
    /// model, the member lookup, the cross-file context), for a request that waits for the first model: the semantic model
    /// becomes the warm base of the request's own document and the binder is compiled while the model loads, so that the
    /// request's analysis and context stages find them ready.
    /// </summary>
    public static void Prepare(CodeWorkspace workspace, CompletionRequest request, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var accepted = request.AcceptedPrefix ?? string.Empty;
            var text = accepted.Length == 0 ? request.Text : request.Text.Insert(request.Offset, accepted);
            var document = NormalizedDocument.Create(text, request.Offset + accepted.Length);
            var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument(request.DocumentPath, document.Text), document.Cursor, workspace.Semantics, cancellationToken);
            var site = MemberAccessSite.Find(analysis.Root, document.Cursor);
            if (site is not null)
            {
                _ = site.MemberNames(analysis.SemanticModel, analysis.Document.Project.FilePath is not null, cancellationToken);
            }

            _ = SemanticContextBuilder.Build(analysis, site?.Receiver, t => (t.Length / 4) + 1, 256, workspace.DisplayPath, ContextStyle.Code, cancellationToken);
            log.WriteLine($"Prepared {Path.GetFileName(request.DocumentPath)} (semantic model, context) while the model loads in {clock.ElapsedMilliseconds} ms");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException)
        {
            log.WriteLine($"Preparing {Path.GetFileName(request.DocumentPath)} failed (the request is unaffected): {ex.GetType().Name}: {ex.Message}");
        }
    }

    public static void Run(TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var workspace = new CodeWorkspace(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false, WarmUp = false });
            var members = 0;
            foreach (var cursor in Cursors)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var analysis = DocumentAnalysis.Create(workspace.GetAnalysisDocument(DocumentPath, Text), cursor, workspace.Semantics, cancellationToken);
                var site = MemberAccessSite.Find(analysis.Root, cursor);
                if (site is not null)
                {
                    members += site.MemberNames(analysis.SemanticModel, completeProject: false, cancellationToken).Count;
                }

                _ = SemanticContextBuilder.Build(analysis, site?.Receiver, text => (text.Length / 4) + 1, 256, workspace.DisplayPath, ContextStyle.Code, cancellationToken);
            }

            log.WriteLine($"Roslyn warm-up: {Cursors.Length} analyses ({members} members after Console.) in {clock.ElapsedMilliseconds} ms");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.WriteLine($"Roslyn warm-up: stopped after {clock.ElapsedMilliseconds} ms");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException)
        {
            log.WriteLine($"Roslyn warm-up failed (completions are unaffected): {ex.GetType().Name}: {ex.Message}");
        }
    }
}
