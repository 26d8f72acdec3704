using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// Projects made without MSBuild: one per workspace folder of its .cs files (bin/obj skipped, bounded size and count),
/// referencing the running .NET's assemblies, so completions see the folder's code before (or without) MSBuild.
/// </summary>
internal sealed class AdHocProjects(IWorkspaceFileSystem files, WorkspaceLimits limits)
{
    /// <summary>An ad-hoc project per folder added to <paramref name="solution"/>, with the folder each project stands for
    /// and each folder's scan.</summary>
    public Solution AddFolders(Solution solution, IReadOnlyList<string> folders, CancellationToken cancellationToken, out Dictionary<ProjectId, string> directories, out IReadOnlyList<SourceScan> scans)
    {
        directories = [];
        var results = new List<SourceScan>();
        scans = results;
        foreach (var folder in folders)
        {
            var scan = files.ScanSourceFiles(folder, limits, cancellationToken);
            results.Add(scan);
            var extra = files.UsesImplicitUsings(folder, cancellationToken) ? new[] { ImplicitUsingsDocument(folder) } : [];
            var info = Project(Path.GetFileName(folder) is { Length: > 0 } name ? name : "Workspace", scan.Files, extra, []);
            solution = solution.AddProject(info);
            directories[info.Id] = folder;
        }

        return solution;
    }

    /// <summary>A C# project of the files (read when Roslyn first needs them) with the runtime's references.</summary>
    public ProjectInfo Project(string name, IEnumerable<string> paths, IEnumerable<DocumentInfo> extra, IEnumerable<ProjectReference> projectReferences)
    {
        var id = ProjectId.CreateNewId(name);
        var documents = paths.Select(f => DocumentInfo.Create(DocumentId.CreateNewId(id, f), Path.GetFileName(f),
            loader: files.CreateLoader(f), filePath: f)).ToList();
        documents.AddRange(extra.Select(d => d.WithId(DocumentId.CreateNewId(id, d.Name))));
        return ProjectInfo.Create(id, VersionStamp.Create(), name, SanitizeAssemblyName(name), LanguageNames.CSharp,
            filePath: null,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true),
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            documents: documents,
            projectReferences: projectReferences,
            metadataReferences: RuntimeReferences.All);
    }

    /// <summary>The global usings the SDK generates for a project with implicit usings on (an ad-hoc project has no SDK).</summary>
    private static DocumentInfo ImplicitUsingsDocument(string folder)
    {
        const string text = "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.IO;\n" +
            "global using global::System.Linq;\nglobal using global::System.Net.Http;\nglobal using global::System.Threading;\nglobal using global::System.Threading.Tasks;\n";
        var path = Path.Combine(folder, "obj", "FimComplete.ImplicitUsings.g.cs");
        return DocumentInfo.Create(DocumentId.CreateNewId(ProjectId.CreateNewId()), Path.GetFileName(path),
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Create(), path)), filePath: path, isGenerated: true);
    }

    private static string SanitizeAssemblyName(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "Workspace" : new string(chars);
    }
}
