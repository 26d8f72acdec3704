using System.Collections.Concurrent;
using FimComplete.Engine.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// The first completions in a project that has not compiled yet (the folder just opened, MSBuild still loading, a
/// project just replaced by MSBuild's) are analysed in a one-file copy of the project: its options, references and
/// global usings, but only the open document. Binding that file needs no compilation of the whole project, so the first
/// suggestion comes from the open document at once; the project compiles in the background, and once it has, requests
/// use the full project again (names from its other files come back as the workspace arrives).
/// </summary>
internal sealed class DocumentOnlyAnalysis
{
    private readonly ConcurrentDictionary<ProjectId, Task> _compiles = new();
    private readonly ConcurrentDictionary<string, (ProjectId Source, Document Document)> _documents;
    private readonly Action<string> _log;

    public DocumentOnlyAnalysis(StringComparer pathComparer, Action<string> log)
    {
        _documents = new ConcurrentDictionary<string, (ProjectId, Document)>(pathComparer);
        _log = log;
    }

    /// <summary>Project names of one-file copies end with this (the ranker and logs can tell them apart).</summary>
    public const string NameSuffix = " (this file only)";

    /// <summary>Whether <paramref name="project"/> can answer without compiling first: compiled already (here, by the
    /// workspace's warm-up, or a background compile that finished, failed or not), or a warm semantic base is held for
    /// <paramref name="document"/>.</summary>
    public bool IsReady(Project project, DocumentId document, SemanticModelCache semantics) =>
        project.TryGetCompilation(out _)
        || semantics.Has(document)
        || (_compiles.TryGetValue(project.Id, out var compile) && compile.IsCompleted);

    /// <summary>Starts compiling <paramref name="project"/> in the background (once per project).</summary>
    public void CompileInBackground(Project project) =>
        _compiles.GetOrAdd(project.Id, _ => Task.Run(async () =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await project.GetCompilationAsync(CancellationToken.None).ConfigureAwait(false);
                _log($"{project.Name}: compiled in the background in {clock.ElapsedMilliseconds} ms; completions now see the whole project");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log($"{project.Name}: background compile failed ({ex.GetType().Name}: {ex.Message})");
            }
        }));

    /// <summary>The document at <paramref name="path"/> with <paramref name="text"/> in a one-file copy of <paramref name="project"/>.</summary>
    public Document Get(Project project, string path, string text)
    {
        if (_documents.TryGetValue(path, out var held) && held.Source == project.Id && held.Document.TryGetText(out var current))
        {
            var updated = held.Document.WithText(TextDiff.Apply(current, text));
            _documents[path] = (project.Id, updated);
            return updated;
        }

        var id = ProjectId.CreateNewId(project.Name + NameSuffix);
        var solution = new AdhocWorkspace().CurrentSolution.AddProject(ProjectInfo.Create(
            id, VersionStamp.Create(), project.Name + NameSuffix, project.AssemblyName, project.Language,
            compilationOptions: project.CompilationOptions, parseOptions: project.ParseOptions,
            metadataReferences: project.MetadataReferences));

        // Global usings (SDK implicit usings, ours for ad-hoc folders) keep the file's names resolving as in the project.
        foreach (var global in project.Documents.Where(d => d.Name.EndsWith("GlobalUsings.g.cs", StringComparison.OrdinalIgnoreCase)
                     || d.Name.EndsWith("ImplicitUsings.g.cs", StringComparison.OrdinalIgnoreCase)))
        {
            if (global.TryGetText(out var globalText) || TryLoad(global, out globalText))
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(id), global.Name, globalText!, filePath: global.FilePath);
            }
        }

        var documentId = DocumentId.CreateNewId(id, path);
        solution = solution.AddDocument(documentId, Path.GetFileName(path), SourceText.From(text), filePath: path);
        var document = solution.GetDocument(documentId)!;
        _documents[path] = (project.Id, document);
        return document;
    }

    /// <summary>Drops the copy of a closed document; returns its id (so its semantic base can go too).</summary>
    public DocumentId? Forget(string path) => _documents.TryRemove(path, out var held) ? held.Document.Id : null;

    private static bool TryLoad(Document document, out SourceText? text)
    {
        try
        {
            text = document.GetTextAsync(CancellationToken.None).GetAwaiter().GetResult();
            return true;
        }
        catch (IOException)
        {
            text = null;
            return false;
        }
    }
}
