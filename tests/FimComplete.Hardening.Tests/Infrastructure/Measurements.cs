using System.Text.Json;

namespace FimComplete.Hardening.Tests.Infrastructure;

/// <summary>Measured numbers: printed to the test output and written to test-output/hardening/NAME.json (with machine and date).</summary>
public static class Measurements
{
    public static string Folder => Path.Combine(TestPaths.RepoRoot, "test-output", "hardening");

    public static void Record(ITestOutputHelper output, string name, object values)
    {
        var document = new Dictionary<string, object?>
        {
            ["test"] = name,
            ["utc"] = DateTime.UtcNow.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
            ["machine"] = $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
            ["values"] = values,
        };
        string json = JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
        output.WriteLine(json);
        try
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(Path.Combine(Folder, name + ".json"), json);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>An integer setting from the environment (e.g. FIMCOMPLETE_SOAK_REQUESTS), else the default.</summary>
    public static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;
}

/// <summary>A temporary folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "fimcomplete-hardening-")
    {
        this.Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string File(string relative, string? content = null)
    {
        string full = System.IO.Path.Combine(this.Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        if (content is not null)
        {
            System.IO.File.WriteAllText(full, content);
        }

        return full;
    }

    public static string Uri(string path) => new Uri(path).AbsoluteUri;

    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
