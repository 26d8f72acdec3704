using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FimComplete.Cli.Bench;

/// <summary>Runs models/training/bench_eager.py (PyTorch eager, same model and prompts) and returns its JSON.</summary>
internal static class PyTorchBaseline
{
    public static async Task<JsonNode?> RunAsync(string checkpoint, string promptsFile, int threads, CancellationToken cancellationToken)
    {
        var script = FindScript(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!, Environment.CurrentDirectory, AppContext.BaseDirectory)
            ?? throw new FileNotFoundException($"models/training/bench_eager.py not found above {checkpoint}, the current directory or {AppContext.BaseDirectory}");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--prompts", promptsFile, "--ckpt", checkpoint, "--threads", (threads > 0 ? threads : Math.Min(Environment.ProcessorCount, 8)).ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bench_eager.py failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }

        return JsonNode.Parse(await stdout.ConfigureAwait(false));
    }

    private static string? FindScript(params string[] starts)
    {
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "bench_eager.py"), Path.Combine(dir.FullName, "models", "training", "bench_eager.py") })
                {
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }
}
