using System.Text;

namespace FimComplete.Engine.Workspace;

/// <summary>Limits on what a folder scan reads.</summary>
public sealed record WorkspaceLimits
{
    /// <summary>Files larger than this are left out (generated code, data blobs).</summary>
    public long MaxFileBytes { get; init; } = 1_000_000;

    /// <summary>At most this many .cs files per folder (the scan reports how many it left out).</summary>
    public int MaxFiles { get; init; } = 5_000;

    /// <summary>After <see cref="MaxFiles"/> is reached the scan goes on counting .cs names (not reading them) up to
    /// this many, so the report can say how many were left out.</summary>
    public int MaxFilesCounted { get; init; } = 1_000_000;

    /// <summary>At most this many project files are loaded with MSBuild when a folder has no solution.</summary>
    public int MaxProjects { get; init; } = 200;
}

/// <summary>A .cs file a scan left out, and why.</summary>
public sealed record SkippedSourceFile(string Path, string Reason);

/// <summary>
/// The result of scanning a folder for .cs files: the files taken (at most <see cref="WorkspaceLimits.MaxFiles"/>), how
/// many .cs files the folder holds (counted up to <see cref="WorkspaceLimits.MaxFilesCounted"/>), and the files left out
/// for being binary, too large or unreadable (the first <see cref="MaxListedSkips"/> listed, all counted).
/// </summary>
public sealed record SourceScan(string Root, IReadOnlyList<string> Files, int FilesFound, bool LimitReached, int MaxFiles,
    int SkippedBinary, int SkippedLarge, int SkippedUnreadable, IReadOnlyList<SkippedSourceFile> Skipped)
{
    public const int MaxListedSkips = 50;

    /// <summary>True when the count stopped at <see cref="WorkspaceLimits.MaxFilesCounted"/> (there may be more).</summary>
    public bool CountTruncated { get; init; }

    /// <summary>What was left out, in words ("" when nothing was).</summary>
    public string Summary()
    {
        var parts = new List<string>();
        if (LimitReached)
        {
            parts.Add($"indexed {Files.Count} of {FilesFound}{(CountTruncated ? "+" : string.Empty)} .cs files in {Root}; limit of {MaxFiles} files reached, the rest is left out");
        }

        var skipped = new List<string>();
        if (SkippedBinary > 0) skipped.Add($"{SkippedBinary} binary");
        if (SkippedLarge > 0) skipped.Add($"{SkippedLarge} oversized");
        if (SkippedUnreadable > 0) skipped.Add($"{SkippedUnreadable} unreadable");
        if (skipped.Count > 0)
        {
            parts.Add($"skipped {string.Join(", ", skipped)} .cs file(s) in {Root}");
        }

        return string.Join("; ", parts);
    }
}

/// <summary>What a folder holds: solution and project files, and the .cs files (bin/obj and hidden folders skipped).</summary>
public static class WorkspaceScanner
{
    /// <summary>How much of a file's start is looked at to tell binary from text.</summary>
    public const int BinaryProbeBytes = 8192;

    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "node_modules", "packages", "artifacts", "TestResults",
    };

    public static bool IsSkippedDirectoryName(string name) => SkippedDirectories.Contains(name) || name.StartsWith('.');

    /// <summary>True when some folder between <paramref name="root"/> and the file is skipped (bin, obj, .git, ...).</summary>
    public static bool IsUnderSkippedDirectory(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return false;
        }

        var parts = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (IsSkippedDirectoryName(parts[i])) return true;
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="path"/> is a symbolic link whose final target is not under <paramref name="root"/>
    /// (or cannot be resolved): a workspace must not pull files from elsewhere on the machine (a link named
    /// <c>Keys.cs</c> to <c>~/.ssh/id_rsa</c> would put the key into prompts and suggestions).
    /// </summary>
    public static bool LinksOutside(string root, string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is null)
            {
                return false;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            if (target is null)
            {
                return true;
            }

            var relative = Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(target));
            return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return true;
        }
    }

    /// <summary>The .cs files under the folder, breadth-first, within the limits (see <see cref="ScanSourceFiles"/>).</summary>
    public static List<string> FindSourceFiles(string root, WorkspaceLimits limits, CancellationToken cancellationToken) =>
        [.. ScanSourceFiles(root, limits, cancellationToken).Files];

    /// <summary>
    /// The .cs files under the folder, breadth-first: at most <see cref="WorkspaceLimits.MaxFiles"/>, leaving out files
    /// larger than <see cref="WorkspaceLimits.MaxFileBytes"/> and binary files (<see cref="LooksBinary"/>); past the
    /// limit the remaining .cs names are counted, not read, so the result says how many were left out.
    /// </summary>
    public static SourceScan ScanSourceFiles(string root, WorkspaceLimits limits, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var skipped = new List<SkippedSourceFile>();
        int found = 0, binary = 0, large = 0, unreadable = 0;
        var limitReached = false;
        var countTruncated = false;
        foreach (var file in Walk(root, "*.cs", cancellationToken))
        {
            if (!file.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)) continue;
            if (limitReached)
            {
                if (++found >= limits.MaxFilesCounted)
                {
                    countTruncated = true;
                    break;
                }

                continue;
            }

            var reason = CheckSource(file, limits, out var kind);
            if (reason is not null)
            {
                switch (kind)
                {
                    case SkipKind.Binary: binary++; break;
                    case SkipKind.Large: large++; break;
                    default: unreadable++; break;
                }

                if (skipped.Count < SourceScan.MaxListedSkips) skipped.Add(new SkippedSourceFile(file, reason));
                continue;
            }

            found++;
            if (files.Count >= limits.MaxFiles)
            {
                limitReached = true;
                continue;
            }

            files.Add(file);
        }

        return new SourceScan(root, files, found, limitReached, limits.MaxFiles, binary, large, unreadable, skipped) { CountTruncated = countTruncated };
    }

    /// <summary>The text of a .cs file, or null (with the reason) when a scan would leave it out: missing, unreadable,
    /// larger than the limit, or binary.</summary>
    public static string? TryReadSource(string path, WorkspaceLimits limits, out string? reason)
    {
        try
        {
            var info = Target(new FileInfo(path));
            reason = CheckLength(info, limits, out _);
            if (reason is not null)
            {
                return null;
            }

            // one read: the binary probe looks at the bytes that are then decoded (as File.ReadAllText does)
            var bytes = File.ReadAllBytes(path);
            reason = CheckHead(bytes.AsSpan(0, Math.Min(BinaryProbeBytes, bytes.Length)), bytes.Length <= BinaryProbeBytes, out _);
            if (reason is not null)
            {
                return null;
            }

            using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reason = $"unreadable: {ex.Message}";
            return null;
        }
    }

    private enum SkipKind
    {
        None,
        Binary,
        Large,
        Unreadable,
    }

    /// <summary>Null when the file is a readable text file within the size limit; otherwise why not.</summary>
    private static string? CheckSource(string path, WorkspaceLimits limits, out SkipKind kind)
    {
        kind = SkipKind.Unreadable;
        try
        {
            var info = Target(new FileInfo(path));
            var reason = CheckLength(info, limits, out kind);
            if (reason is not null)
            {
                return reason;
            }

            var head = new byte[(int)Math.Min(BinaryProbeBytes, info.Length)];
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }

            return CheckHead(head, info.Length <= BinaryProbeBytes, out kind);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            kind = SkipKind.Unreadable;
            return $"unreadable: {ex.Message}";
        }
    }

    /// <summary>The file a symbolic link points to (its length is the file's, not the link's), else the file itself.</summary>
    private static FileInfo Target(FileInfo info) =>
        info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target ? target : info;

    private static string? CheckLength(FileInfo info, WorkspaceLimits limits, out SkipKind kind)
    {
        kind = SkipKind.Unreadable;
        if (!info.Exists)
        {
            return "not found";
        }

        if (info.Length > limits.MaxFileBytes)
        {
            kind = SkipKind.Large;
            return $"{info.Length:N0} bytes, more than the limit of {limits.MaxFileBytes:N0}";
        }

        kind = SkipKind.None;
        return null;
    }

    private static string? CheckHead(ReadOnlySpan<byte> head, bool wholeFile, out SkipKind kind)
    {
        if (LooksBinary(head, wholeFile))
        {
            kind = SkipKind.Binary;
            return "binary content (NUL bytes or mostly invalid UTF-8/control characters in the first 8 KB)";
        }

        kind = SkipKind.None;
        return null;
    }

    /// <summary>
    /// True when the bytes (a file's start) are not source text: a NUL byte (text in UTF-16 with a byte order mark
    /// excepted), or more than 10 % of the bytes in invalid UTF-8 sequences or control characters other than tab, line
    /// and page breaks. A file in a legacy 8-bit encoding (a few invalid UTF-8 bytes in comments) still counts as text.
    /// </summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head, bool wholeFile = false)
    {
        if (head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
        {
            return false; // UTF-16 with a BOM (NULs are expected there)
        }

        if (head.Contains((byte)0))
        {
            return true;
        }

        var suspicious = 0;
        var index = 0;
        while (index < head.Length)
        {
            var rune = Rune.DecodeFromUtf8(head[index..], out var value, out var consumed);
            if (rune == System.Buffers.OperationStatus.NeedMoreData && !wholeFile)
            {
                break; // a sequence cut by the probe's end
            }

            if (rune != System.Buffers.OperationStatus.Done)
            {
                suspicious++;
            }
            else if ((value.Value < 0x20 && value.Value is not ('\t' or '\n' or '\r' or '\f')) || value.Value == 0x7F)
            {
                suspicious++;
            }

            index += Math.Max(1, consumed);
        }

        return suspicious * 10 > Math.Max(1, head.Length);
    }

    /// <summary>
    /// What MSBuild should load for the folder: a solution (.slnx or .sln) in the folder itself or, failing that, one
    /// or two levels down; otherwise every .csproj under it (within the limit). Empty when there is none.
    /// </summary>
    public static IReadOnlyList<string> FindProjectEntryPoints(string root, WorkspaceLimits limits, CancellationToken cancellationToken)
    {
        foreach (var depth in new[] { 0, 1, 2 })
        {
            var solutions = FilesAtDepth(root, depth, cancellationToken)
                .Where(f => f.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (solutions.Count > 0)
            {
                // Prefer the solution named like the folder, then .slnx, then the shortest name.
                var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
                var best = solutions
                    .OrderByDescending(s => string.Equals(Path.GetFileNameWithoutExtension(s), folderName, StringComparison.OrdinalIgnoreCase))
                    .ThenByDescending(s => s.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
                    .ThenBy(s => Path.GetFileName(s).Length)
                    .ThenBy(s => s, StringComparer.Ordinal)
                    .First();
                return [best];
            }
        }

        return Walk(root, "*.csproj", cancellationToken).Where(IsProjectFile).Take(limits.MaxProjects).ToList();
    }

    /// <summary>True when some project file under the folder switches implicit usings on.</summary>
    public static bool UsesImplicitUsings(string root, CancellationToken cancellationToken)
    {
        foreach (var project in Walk(root, "*.csproj", cancellationToken).Where(IsProjectFile).Take(50))
        {
            try
            {
                var text = File.ReadAllText(project);
                if (text.Contains("<ImplicitUsings>enable</ImplicitUsings>", StringComparison.OrdinalIgnoreCase)
                    || text.Contains("<ImplicitUsings>true</ImplicitUsings>", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            catch (IOException)
            {
            }
        }

        return false;
    }

    private static bool IsProjectFile(string path) => path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> FilesAtDepth(string root, int depth, CancellationToken cancellationToken)
    {
        IEnumerable<string> directories = [root];
        for (var i = 0; i < depth; i++)
        {
            directories = directories.SelectMany(d => SafeDirectories(d)).Where(d => !IsSkippedDirectoryName(Path.GetFileName(d))).ToList();
        }

        foreach (var directory in directories)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var file in SafeFiles(directory, "*.sln*")) yield return file;
        }
    }

    private static IEnumerable<string> Walk(string root, string pattern, CancellationToken cancellationToken)
    {
        var queue = new Queue<string>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = queue.Dequeue();
            foreach (var file in SafeFiles(directory, pattern).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (!LinksOutside(root, file))
                {
                    yield return file;
                }
            }

            foreach (var child in SafeDirectories(directory).OrderBy(d => d, StringComparer.Ordinal))
            {
                if (!IsSkippedDirectoryName(Path.GetFileName(child)))
                {
                    queue.Enqueue(child);
                }
            }
        }
    }

    private static IEnumerable<string> SafeFiles(string directory, string pattern)
    {
        try
        {
            return Directory.GetFiles(directory, pattern);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<string> SafeDirectories(string directory)
    {
        try
        {
            // Symbolic links to folders are not followed (cycles, huge trees outside the workspace).
            return new DirectoryInfo(directory).GetDirectories().Where(d => d.LinkTarget is null).Select(d => d.FullName).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
