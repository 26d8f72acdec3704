using System.Text;
using FimComplete.Protocol;
using FimComplete.Server.Documents;

namespace FimComplete.Server.Tests;

public class LineIndexTests
{
    [Theory]
    [InlineData("", 1)]
    [InlineData("a", 1)]
    [InlineData("a\n", 2)]
    [InlineData("a\r\nb", 2)]
    [InlineData("a\rb\nc\r\n", 4)]
    [InlineData("\r\n\r\n", 3)]
    [InlineData("\n\r", 3)]
    public void CountsLinesWithAllTerminators(string text, int lines) => Assert.Equal(lines, LineIndex.Create(text).LineCount);

    [Fact]
    public void ConvertsPositionsWithCrLfAndSurrogatePairs()
    {
        // "😀" is two UTF-16 code units: positions count code units, as LSP's default utf-16 encoding does.
        string text = "ab\r\n😀x\ry\n";
        var index = LineIndex.Create(text);
        Assert.Equal(4, index.LineCount);
        Assert.Equal(0, index.GetOffset(text, new Position(0, 0), out _));
        Assert.Equal(2, index.GetOffset(text, new Position(0, 2), out bool c0));
        Assert.False(c0);
        Assert.Equal(4, index.GetOffset(text, new Position(1, 0), out _));
        Assert.Equal(6, index.GetOffset(text, new Position(1, 2), out _)); // after the pair
        Assert.Equal(7, index.GetOffset(text, new Position(1, 3), out _));
        Assert.Equal(8, index.GetOffset(text, new Position(2, 0), out _));
        Assert.Equal(10, index.GetOffset(text, new Position(3, 0), out _));
        Assert.Equal(new Position(1, 3), index.GetPosition(7));
        Assert.Equal(new Position(3, 0), index.GetPosition(10));
    }

    [Fact]
    public void ClampsPastTheEndOfALineAndOfTheText()
    {
        string text = "abc\r\nde";
        var index = LineIndex.Create(text);
        Assert.Equal(3, index.GetOffset(text, new Position(0, 10), out bool clamped)); // never inside the CR LF
        Assert.True(clamped);
        Assert.Equal(7, index.GetOffset(text, new Position(1, 99), out clamped));
        Assert.True(clamped);
        Assert.Equal(7, index.GetOffset(text, new Position(5, 0), out clamped));
        Assert.True(clamped);
        Assert.Equal(0, index.GetOffset(text, new Position(-1, -4), out clamped));
        Assert.True(clamped);
    }

    [Fact]
    public void PositionAndOffsetRoundTrip()
    {
        var random = new Random(7);
        for (int round = 0; round < 200; round++)
        {
            string text = RandomText.Next(random, random.Next(0, 60));
            var index = LineIndex.Create(text);
            for (int offset = 0; offset <= text.Length; offset++)
            {
                bool insideCrLf = offset > 0 && offset < text.Length && text[offset - 1] == '\r' && text[offset] == '\n';
                if (insideCrLf)
                {
                    continue;
                }

                var position = index.GetPosition(offset);
                Assert.Equal(offset, index.GetOffset(text, position, out bool clamped));
                Assert.False(clamped);
                Assert.Equal(Reference.Offset(text, position.Line, position.Character), offset);
            }
        }
    }
}

public class TextEditsTests
{
    [Fact]
    public void AppliesIncrementalAndFullChanges()
    {
        string text = "class A\r\n{\r\n}\r\n";
        text = TextEdits.Apply(text, [Change(1, 1, 1, 1, "\r\n    int x;")], out int w1);
        Assert.Equal("class A\r\n{\r\n    int x;\r\n}\r\n", text);
        text = TextEdits.Apply(text, [Change(2, 9, 2, 10, " = 1;"), Change(0, 6, 0, 7, "B")], out int w2);
        Assert.Equal("class B\r\n{\r\n    int x = 1;\r\n}\r\n", text);
        text = TextEdits.Apply(text, [new TextDocumentContentChangeEvent("full"), Change(0, 4, 0, 4, "!")], out int w3);
        Assert.Equal("full!", text);
        Assert.Equal(0, w1 + w2 + w3);
    }

    [Fact]
    public void DeletesAcrossCrLfAndSurrogatePairs()
    {
        string text = "a😀b\r\nc";
        text = TextEdits.Apply(text, [Change(0, 1, 0, 3, string.Empty)], out _);
        Assert.Equal("ab\r\nc", text);
        text = TextEdits.Apply(text, [Change(0, 2, 1, 0, string.Empty)], out _);
        Assert.Equal("abc", text);
    }

    [Fact]
    public void JoiningCrAndLfMakesOneLineBreak()
    {
        string text = "a\rX\nb";
        text = TextEdits.Apply(text, [Change(1, 0, 1, 1, string.Empty)], out _);
        Assert.Equal("a\r\nb", text);
        Assert.Equal(2, LineIndex.Create(text).LineCount);
        text = TextEdits.Apply(text, [Change(1, 0, 1, 0, "z")], out _);
        Assert.Equal("a\r\nzb", text);
    }

    [Fact]
    public void ClampsOutOfRangeChangesAndCountsThem()
    {
        string text = TextEdits.Apply("abc", [Change(0, 2, 9, 9, "Z"), Change(0, 1, 0, 0, string.Empty)], out int warnings);
        // (0,2)-(9,9) is (0,2)-(end): "abZ"; the reversed range (0,1)-(0,0) is (0,0)-(0,1): "bZ".
        Assert.Equal("bZ", text);
        Assert.Equal(2, warnings);
    }

    [Fact]
    public void RandomEditSequencesMatchAReferenceImplementation()
    {
        var random = new Random(12345);
        for (int run = 0; run < 100; run++)
        {
            string text = RandomText.Next(random, random.Next(0, 200));
            string expected = text;
            for (int step = 0; step < 60; step++)
            {
                var changes = new List<TextDocumentContentChangeEvent>();
                int batch = random.Next(1, 4);
                for (int i = 0; i < batch; i++)
                {
                    if (random.Next(40) == 0)
                    {
                        string full = RandomText.Next(random, random.Next(0, 50));
                        changes.Add(new TextDocumentContentChangeEvent(full));
                        expected = full;
                        continue;
                    }

                    var (start, end) = Reference.RandomRange(random, expected);
                    string insert = RandomText.Next(random, random.Next(0, 8));
                    changes.Add(new TextDocumentContentChangeEvent(insert, new LspRange(start, end)));
                    int s = Reference.Offset(expected, start.Line, start.Character);
                    int e = Reference.Offset(expected, end.Line, end.Character);
                    expected = expected[..s] + insert + expected[e..];
                }

                text = TextEdits.Apply(text, changes, out int warnings);
                Assert.Equal(0, warnings);
                Assert.Equal(expected, text);
            }
        }
    }

    private static TextDocumentContentChangeEvent Change(int l1, int c1, int l2, int c2, string text) =>
        new(text, new LspRange(new Position(l1, c1), new Position(l2, c2)));
}

public class DocumentStoreTests
{
    [Fact]
    public void TracksVersionsAndForgetsClosedDocuments()
    {
        var store = new DocumentStore();
        store.Open(new TextDocumentItem("file:///tmp/a%20b.cs", "csharp", 1, "x"));
        var changed = store.Change("file:///tmp/a%20b.cs", 2, [new TextDocumentContentChangeEvent("y", new LspRange(new Position(0, 1), new Position(0, 1)))], out _);
        Assert.NotNull(changed);
        Assert.Equal("xy", changed.Text);
        Assert.Equal(2, changed.Version);
        Assert.Equal("/tmp/a b.cs", changed.Path);
        Assert.Null(store.Change("file:///tmp/other.cs", 1, [], out _));
        Assert.NotNull(store.Close("file:///tmp/a%20b.cs"));
        Assert.False(store.TryGet("file:///tmp/a%20b.cs", out _));
    }

    [Theory]
    [InlineData("file:///home/u/My%20Project/Program.cs", "/home/u/My Project/Program.cs")]
    [InlineData("file:///home/u/%C3%A9t%C3%A9.cs", "/home/u/été.cs")]
    [InlineData("untitled:Untitled-1", "untitled:Untitled-1")]
    [InlineData("vscode-notebook-cell:/x.ipynb#W1", "vscode-notebook-cell:/x.ipynb#W1")]
    public void MapsUrisToPaths(string uri, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(path, DocumentUris.ToPath(uri));
    }

    [Fact]
    public void MapsWindowsDriveUris()
    {
        string path = DocumentUris.ToPath("file:///c%3A/src/A.cs");
        Assert.Equal(OperatingSystem.IsWindows() ? @"c:\src\A.cs" : "c:/src/A.cs", path);
    }

    [Theory]
    [InlineData("file:///a.cs", "plaintext", true)]
    [InlineData("file:///a.CS", null, true)]
    [InlineData("untitled:Untitled-1", "csharp", true)]
    [InlineData("file:///a.ts", "typescript", false)]
    [InlineData("file:///a.csproj", "xml", false)]
    public void RecognisesCSharpDocuments(string uri, string? languageId, bool expected) =>
        Assert.Equal(expected, DocumentUris.IsCSharp(uri, languageId));
}

/// <summary>Straightforward (slow) LSP position semantics, written independently of <see cref="LineIndex"/>.</summary>
internal static class Reference
{
    public static int Offset(string text, int line, int character)
    {
        int i = 0;
        for (int l = 0; l < line; l++)
        {
            while (i < text.Length && text[i] != '\r' && text[i] != '\n')
            {
                i++;
            }

            if (i >= text.Length)
            {
                return text.Length;
            }

            i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
        }

        int end = i;
        while (end < text.Length && text[end] != '\r' && text[end] != '\n')
        {
            end++;
        }

        return Math.Min(i + character, end);
    }

    public static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\r' or '\n')
            {
                lines.Add(current.ToString());
                current.Clear();
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else
            {
                current.Append(c);
            }
        }

        lines.Add(current.ToString());
        return lines;
    }

    public static (Position Start, Position End) RandomRange(Random random, string text)
    {
        var lines = Lines(text);
        Position Pick()
        {
            int line = random.Next(lines.Count);
            return new Position(line, random.Next(lines[line].Length + 1));
        }

        var a = Pick();
        var b = random.Next(3) == 0 ? a : Pick();
        return Offset(text, a.Line, a.Character) <= Offset(text, b.Line, b.Character) ? (a, b) : (b, a);
    }
}

internal static class RandomText
{
    private static readonly string[] Pieces = ["a", "b", "x", " ", "\t", "{", "}", ";", "\n", "\r\n", "\r", "😀", "é", "𝄞", "\r\n\r\n", "Console"];

    public static string Next(Random random, int pieces)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < pieces; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return builder.ToString();
    }
}
