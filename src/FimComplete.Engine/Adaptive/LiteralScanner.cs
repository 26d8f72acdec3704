namespace FimComplete.Engine.Adaptive;

/// <summary>Whether a line of C# ends inside a string or char literal or a comment (a cheap lexical scan of one line,
/// for the cache LM's literal gate; verbatim and raw strings that began on an earlier line are not seen).</summary>
public static class LiteralScanner
{
    public static bool EndsInLiteral(string line)
    {
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                return true;
            }

            if (c == '/' && i + 1 < line.Length && line[i + 1] == '*')
            {
                var close = line.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0) return true;
                i = close + 2;
                continue;
            }

            if (c == '"' || c == '\'')
            {
                var verbatim = c == '"' && PrecededByVerbatim(line, i);
                var end = SkipLiteral(line, i + 1, c, verbatim);
                if (end < 0) return true;
                i = end;
                continue;
            }

            i++;
        }

        return false;
    }

    /// <summary>Index after the closing quote, or −1 when the line ends inside the literal.</summary>
    private static int SkipLiteral(string line, int i, char quote, bool verbatim)
    {
        while (i < line.Length)
        {
            var c = line[i];
            if (!verbatim && c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == quote)
            {
                if (verbatim && i + 1 < line.Length && line[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return -1;
    }

    private static bool PrecededByVerbatim(string line, int quote) =>
        (quote >= 1 && line[quote - 1] == '@') || (quote >= 2 && line[quote - 1] == '$' && line[quote - 2] == '@');
}
