using System.Globalization;

namespace FimComplete.LspClient;

/// <summary>Resource counters of a process, from /proc: RSS (anonymous + file-backed), threads, fds.</summary>
public sealed record ProcessSample(long RssKb, long RssAnonKb, long RssFileKb, int Threads, int FileDescriptors, IReadOnlyList<string> Sockets)
{
    /// <summary>The fd targets, by kind (socket, pipe, anon_inode:[eventfd], or the file path).</summary>
    public IReadOnlyList<string> FdTargets { get; init; } = [];

    /// <summary>Kinds of fds this sample has more of than <paramref name="earlier"/>.</summary>
    public IReadOnlyList<string> FdsAddedSince(ProcessSample earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var before = earlier.FdTargets.GroupBy(Kind).ToDictionary(g => g.Key, g => g.Count());
        return this.FdTargets.GroupBy(Kind)
            .Select(g => (g.Key, Added: g.Count() - before.GetValueOrDefault(g.Key)))
            .Where(x => x.Added > 0)
            .Select(x => $"{x.Key} +{x.Added}")
            .ToArray();

        static string Kind(string target) => target.StartsWith("socket:", StringComparison.Ordinal) ? "socket"
            : target.StartsWith("pipe:", StringComparison.Ordinal) ? "pipe"
            : target;
    }

    public override string ToString() =>
        $"RSS {RssKb / 1024.0:F1} MB (anon {RssAnonKb / 1024.0:F1}, file {RssFileKb / 1024.0:F1}), {Threads} threads, {FileDescriptors} fds ({Sockets.Count} sockets)";
}

/// <summary>What Linux's /proc tells about a process: resources, CPU time, descendants, command line.</summary>
public static class ProcessProbe
{
    /// <summary>RSS, threads, open file descriptors and socket fds of <paramref name="pid"/>.</summary>
    public static ProcessSample Sample(int pid)
    {
        long rss = 0, anon = 0, file = 0;
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            string name = line[..colon];
            if (name is "VmRSS" or "RssAnon" or "RssFile")
            {
                long kb = long.Parse(line[(colon + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                _ = name switch { "VmRSS" => rss = kb, "RssAnon" => anon = kb, _ => file = kb };
            }
        }

        int threads = Directory.GetDirectories($"/proc/{pid}/task").Length;
        var sockets = new List<string>();
        var targets = new List<string>();
        int fds = 0;
        foreach (string fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            fds++;
            string? target = null;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                // The fd was closed between the listing and the read.
            }

            targets.Add(target ?? "?");
            if (target is not null && target.StartsWith("socket:", StringComparison.Ordinal))
            {
                sockets.Add(target);
            }
        }

        return new ProcessSample(rss, anon, file, threads, fds, sockets) { FdTargets = targets };
    }

    /// <summary>User + system CPU time of <paramref name="pid"/> from /proc/PID/stat; null where there is no /proc.</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return null;
        }

        // Fields after the ")" that ends the command name: state is field 3; utime 14 and stime 15 (clock ticks).
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    /// <summary>All descendants of a process (children first), from /proc/*/stat.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int child))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[child] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while the list was read.
            }
        }

        var result = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.Count > 0)
        {
            int current = queue.Dequeue();
            foreach (var (child, parent) in parents)
            {
                if (parent == current)
                {
                    result.Add(child);
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    public static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
