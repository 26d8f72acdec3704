using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Workspace;

/// <summary>
/// Which project a file the loaded projects do not hold joins (an open document, a file created on disk): the project
/// whose folder holds it (deepest first), else a miscellaneous project with the runtime's references. Not thread-safe:
/// the workspace calls it under its lock.
/// </summary>
internal sealed class DocumentPlacement(AdHocProjects adHoc)
{
    private readonly Dictionary<ProjectId, string> _projectDirectories = [];
    private ProjectId? _miscProjectId;

    /// <summary>A newly loaded solution's projects and the folders they stand for.</summary>
    public void Reset(IReadOnlyDictionary<ProjectId, string> directories)
    {
        _projectDirectories.Clear();
        foreach (var (id, directory) in directories) _projectDirectories[id] = directory;
        _miscProjectId = null;
    }

    /// <summary>Adds a document to the project whose folder holds it (deepest first), else to the miscellaneous project.</summary>
    public Solution AddDocument(Solution solution, string path, SourceText text, out DocumentId id)
    {
        ProjectId? owner = null;
        var ownerLength = -1;
        foreach (var (projectId, directory) in _projectDirectories)
        {
            if (directory.Length > ownerLength && WorkspacePaths.IsUnder(directory, path) && solution.ContainsProject(projectId))
            {
                owner = projectId;
                ownerLength = directory.Length;
            }
        }

        if (owner is null)
        {
            if (_miscProjectId is null || !solution.ContainsProject(_miscProjectId))
            {
                var info = adHoc.Project("Miscellaneous", [], [], []);
                solution = solution.AddProject(info);
                _miscProjectId = info.Id;
            }

            owner = _miscProjectId;
        }

        id = DocumentId.CreateNewId(owner, path);
        return solution.AddDocument(DocumentInfo.Create(id, Path.GetFileName(path),
            loader: TextLoader.From(TextAndVersion.Create(text, VersionStamp.Create(), path)), filePath: path));
    }
}
