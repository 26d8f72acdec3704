using System.Runtime.CompilerServices;

namespace FimComplete.Inference.Generation;

/// <summary>Token choice from logits: log-softmax, greedy, k-th best, temperature + top-p sampling. The per-step loops
/// are compiled optimised at once (they run over the whole vocabulary for every candidate at every step).</summary>
internal static class Sampler
{
    /// <summary>log Σ exp(logits) (the log-softmax normaliser: log p(i) = logits[i] − LogSumExp); −∞ when every logit is −∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var l in logits) if (l > max) max = l;
        if (float.IsNegativeInfinity(max))
        {
            return float.NegativeInfinity;
        }

        double sum = 0;
        foreach (var l in logits) sum += Math.Exp(l - max);
        return (float)Math.Log(sum) + max;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }

        return best;
    }

    /// <summary>The indices of the <paramref name="k"/> largest finite values, best first.</summary>
    public static int[] TopK(ReadOnlySpan<float> values, int k)
    {
        var result = new List<int>(k);
        var taken = new HashSet<int>();
        for (var n = 0; n < k; n++)
        {
            var best = -1;
            for (var i = 0; i < values.Length; i++)
            {
                if (!float.IsNegativeInfinity(values[i]) && !taken.Contains(i) && (best < 0 || values[i] > values[best]))
                {
                    best = i;
                }
            }

            if (best < 0) break;
            taken.Add(best);
            result.Add(best);
        }

        return [.. result];
    }

    /// <summary>Samples from softmax(logits / temperature) restricted to the top-p nucleus.</summary>
    public static int Sample(ReadOnlySpan<float> logits, float temperature, float topP, Random random)
    {
        var max = float.NegativeInfinity;
        foreach (var l in logits) if (l > max) max = l;
        var probs = new double[logits.Length];
        double sum = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            probs[i] = float.IsNegativeInfinity(logits[i]) ? 0 : Math.Exp((logits[i] - max) / temperature);
            sum += probs[i];
        }

        var order = Enumerable.Range(0, logits.Length).Where(i => probs[i] > 0).OrderByDescending(i => probs[i]).ToArray();
        var nucleus = new List<int>();
        double mass = 0;
        foreach (var i in order)
        {
            nucleus.Add(i);
            mass += probs[i] / sum;
            if (mass >= topP) break;
        }

        var draw = random.NextDouble() * nucleus.Sum(i => probs[i]);
        foreach (var i in nucleus)
        {
            draw -= probs[i];
            if (draw <= 0) return i;
        }

        return nucleus[^1];
    }

    /// <summary>The gap between the largest and the second largest logit (infinity when only one is finite).</summary>
    public static float TopTwoMargin(ReadOnlySpan<float> logits)
    {
        var first = float.NegativeInfinity;
        var second = float.NegativeInfinity;
        foreach (var value in logits)
        {
            if (value > first)
            {
                second = first;
                first = value;
            }
            else if (value > second)
            {
                second = value;
            }
        }

        return float.IsNegativeInfinity(second) ? float.PositiveInfinity : first - second;
    }
}
