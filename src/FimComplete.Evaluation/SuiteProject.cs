namespace FimComplete.Evaluation;

/// <summary>One held-out project of the suite (a row of tests/eval/projects/projects.tsv): where its sources come from,
/// the pinned version, and whether it is for tuning or for reporting.</summary>
public sealed record SuiteProject(string Name, string Source, string Ref, string Version, string Split, string Style)
{
    private static readonly string[] Columns = ["name", "source", "ref", "version", "split", "style"];

    /// <summary>Reads the tab-separated list (a header row naming at least the six columns, in any order; extra columns
    /// are ignored). Throws on a missing column, an empty cell, a duplicate name or a split other than tune/test.</summary>
    public static IReadOnlyList<SuiteProject> Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
        {
            throw new InvalidDataException($"{path} is empty.");
        }

        var header = lines[0].Split('\t').Select(h => h.Trim()).ToList();
        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c));
        if (index.FirstOrDefault(kv => kv.Value < 0) is { Key: { } missing })
        {
            throw new InvalidDataException($"{path} has no column '{missing}'.");
        }

        var projects = new List<SuiteProject>();
        foreach (var (line, number) in lines.Skip(1).Select((l, i) => (l, i + 2)))
        {
            var cells = line.Split('\t').Select(c => c.Trim()).ToArray();
            string Cell(string column) =>
                index[column] < cells.Length && cells[index[column]].Length > 0
                    ? cells[index[column]]
                    : throw new InvalidDataException($"{path}:{number} has no '{column}'.");

            var project = new SuiteProject(Cell("name"), Cell("source"), Cell("ref"), Cell("version"), Cell("split"), Cell("style"));
            if (project.Split is not ("tune" or "test"))
            {
                throw new InvalidDataException($"{path}:{number}: split must be tune or test, not '{project.Split}'.");
            }

            if (projects.Any(p => p.Name == project.Name))
            {
                throw new InvalidDataException($"{path}:{number}: project '{project.Name}' is listed twice.");
            }

            projects.Add(project);
        }

        return projects;
    }
}
