namespace FimComplete.Server.Documents;

/// <summary>Maps LSP document URIs to the paths given to the engine.</summary>
public static class DocumentUris
{
    /// <summary>
    /// file:// URIs become local paths (percent-decoded; <c>file:///c%3A/x.cs</c> becomes <c>c:\x.cs</c> on Windows);
    /// URIs with other schemes (untitled:, vscode-notebook-cell:, ...) are returned unchanged.
    /// </summary>
    public static string ToPath(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            || !parsed.IsFile)
        {
            return uri;
        }

        string path = Uri.UnescapeDataString(parsed.AbsolutePath);
        string host = parsed.Host;
        bool windows = OperatingSystem.IsWindows();
        if (path.Length >= 3 && path[0] == '/' && char.IsAsciiLetter(path[1]) && path[2] == ':')
        {
            // /c:/dir/file.cs -> c:/dir/file.cs (drive letter path)
            path = path[1..];
            windows = true;
        }

        if (!string.IsNullOrEmpty(host))
        {
            // UNC: file://server/share/x.cs
            path = "//" + host + path;
        }

        return windows && OperatingSystem.IsWindows() ? path.Replace('/', '\\') : path;
    }

    /// <summary>C# documents: language id <c>csharp</c>, or a path ending in <c>.cs</c> / <c>.csx</c>.</summary>
    public static bool IsCSharp(string uri, string? languageId)
    {
        if (string.Equals(languageId, "csharp", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string path = uri;
        int query = path.IndexOfAny(['?', '#']);
        if (query >= 0)
        {
            path = path[..query];
        }

        return path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csx", StringComparison.OrdinalIgnoreCase);
    }
}
