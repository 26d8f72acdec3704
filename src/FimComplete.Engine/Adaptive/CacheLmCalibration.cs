namespace FimComplete.Engine.Adaptive;

/// <summary>
/// How well a workspace's own n-grams predict lines of it that are held out, measured once when the index is built
/// (no model involved): lines spread over up to <see cref="CacheLmOptions.CalibrationDocuments"/> documents are each
/// treated as removed (every n-gram touching the line is skipped, as at a real cursor, where the expected text is not
/// in the document), and at each of their tokens the cache is asked what follows the true tokens before it. Precision is
/// the share of the steps where the cache would mix (λ &gt; 0) whose most frequent continuation is the true token.
/// A workspace that repeats itself (generated code, many similar tests) scores high; one whose files say different
/// things scores low, and there the cache mostly pulls in another file's identifiers and strings.
/// <see cref="Weight"/> scales the cache's λ for the whole workspace.
/// </summary>
public sealed record CacheLmCalibration(int Documents, int Lines, int Steps, int MixedSteps, int Hits)
{
    /// <summary>Before any measurement (too few lines to judge): the cache runs at its own λ.</summary>
    public static CacheLmCalibration Unmeasured { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Share of mixed steps whose top continuation was the true token (NaN when none mixed).</summary>
    public double Precision => MixedSteps == 0 ? double.NaN : (double)Hits / MixedSteps;

    /// <summary>The factor on λ for this workspace under <paramref name="options"/>: 0 at or below
    /// <see cref="CacheLmOptions.CalibrationFloor"/>, 1 at or above <see cref="CacheLmOptions.CalibrationFull"/>, linear
    /// between; 1 when calibration is off or too few steps mixed to judge.</summary>
    public double WeightFor(CacheLmOptions options)
    {
        if (!options.Calibrate || MixedSteps < options.CalibrationMinSteps)
        {
            return 1.0;
        }

        var span = Math.Max(1e-6, options.CalibrationFull - options.CalibrationFloor);
        return Math.Clamp((Precision - options.CalibrationFloor) / span, 0, 1);
    }

    /// <summary>Measures <paramref name="index"/>'s current snapshot (deterministic: documents in path order, evenly
    /// spaced lines).</summary>
    public static CacheLmCalibration Measure(WorkspaceNgramIndex index, CacheLmOptions options, CancellationToken cancellationToken = default)
    {
        var snapshot = index.Snapshot;
        var paths = snapshot.Paths.OrderBy(p => p, StringComparer.Ordinal).ToList();
        if (paths.Count < 2)
        {
            return Unmeasured;
        }

        var tokenizer = snapshot.Tokenizer;
        var newline = new bool[tokenizer.VocabularySize];
        for (var id = 0; id < newline.Length; id++)
        {
            newline[id] = tokenizer.TokenBytes(id).Contains((byte)'\n');
        }

        var order = Math.Clamp(options.MaxOrder, 1, snapshot.MaxOrder);
        var documents = Math.Min(paths.Count, Math.Max(1, options.CalibrationDocuments));
        var context = new int[order];
        int lines = 0, steps = 0, mixed = 0, hits = 0, used = 0;
        for (var d = 0; d < documents; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = paths[d * paths.Count / documents];
            var tokens = snapshot.GetTokens(path);
            if (tokens is null || tokens.Length < 4 * order)
            {
                continue;
            }

            used++;
            var perDocument = Math.Max(1, options.CalibrationLinesPerDocument);
            for (var k = 0; k < perDocument; k++)
            {
                // The line that starts after the first newline at or past an evenly spaced point.
                var at = order + ((k + 1) * (tokens.Length - (2 * order)) / (perDocument + 1));
                while (at < tokens.Length && !newline[tokens[at - 1]]) at++;
                var end = at;
                while (end < tokens.Length && !newline[tokens[end]]) end++;
                if (end >= tokens.Length || end - at < 2)
                {
                    continue;
                }

                var exclusion = snapshot.ExcludeSpan(path, at, end - at);
                var matcher = new NgramMatcher(snapshot, exclusion, options.MaxScan);
                lines++;
                for (var p = at; p < end; p++)
                {
                    var length = Math.Min(order, p);
                    Array.Copy(tokens, p - length, context, 0, length);
                    var match = matcher.Match(context.AsSpan(0, length));
                    steps++;
                    if (options.Lambda(match) > 0)
                    {
                        mixed++;
                        if (match!.Tokens[0] == tokens[p]) hits++;
                    }
                }
            }
        }

        return new CacheLmCalibration(used, lines, steps, mixed, hits);
    }
}
