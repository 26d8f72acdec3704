using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace FimComplete.Tests.Shared;

/// <summary>The project evaluation set's frozen sources, stored as tests/eval/project/src.tar.gz so that searches of
/// the repository do not find every class twice; extracted once per archive content into the temporary folder.</summary>
internal static class ProjectSetSnapshot
{
    private static readonly Lazy<string> Extracted = new(Extract, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string SetRoot => Path.Combine(TestPaths.RepoRoot, "tests", "eval", "project");

    /// <summary>The folder holding the snapshot's src/ tree (FimComplete.Cli/, FimComplete.Engine/, ...).</summary>
    public static string SourceRoot => Extracted.Value;

    private static string Extract()
    {
        var archivePath = Path.Combine(SetRoot, "src.tar.gz");
        var bytes = File.ReadAllBytes(archivePath);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var destination = Path.Combine(Path.GetTempPath(), "fimcomplete-project-set-" + digest);
        if (!Directory.Exists(destination))
        {
            // Extract beside it, then rename: test processes running at once never see a half-written tree.
            var staging = Directory.CreateDirectory(destination + "." + Environment.ProcessId + ".tmp").FullName;
            using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
            {
                TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: true);
            }

            try
            {
                Directory.Move(staging, destination);
            }
            catch (IOException) when (Directory.Exists(destination))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return Path.Combine(destination, "src");
    }
}
