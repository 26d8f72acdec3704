namespace FimComplete.Engine.Tests;

/// <summary>A folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string name = "fim")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Text with a <c>|</c> for the cursor.</summary>
internal static class Caret
{
    public static (string Text, int Cursor) Split(string textWithCaret)
    {
        var cursor = textWithCaret.IndexOf('|', StringComparison.Ordinal);
        return (textWithCaret.Remove(cursor, 1), cursor);
    }
}
