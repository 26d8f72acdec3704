using FimComplete.Inference.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FimComplete.Inference.Tests;

/// <summary>
/// The fused graph layout (GroupQueryAttention with rotary embedding, SkipSimplifiedLayerNormalization, MatMulNBits:
/// models/training/fuse_onnx.py) against the exported graph it was made from, on the fused-manifest fixture (a tiny
/// random model through the shipped model's recipe): the decoder detects the layout from the graph's inputs, feeds it,
/// and gets the same greedy tokens; prompt continuations, draft verification and several rows after a past (which the
/// CPU kernel takes only one row at a time) give what one pass over the whole text gives.
/// </summary>
public sealed class FusedGraphTests
{
    private static readonly int[] Prompt = [.. Enumerable.Range(0, 40).Select(i => 5 + ((i * 37) % 500))];

    private static DecoderSession Open(string file) =>
        DecoderSession.Open(Path.Combine(TestPaths.Fixture("fused-manifest"), file), new InferenceOptions(ExecutionProviderKind.Cpu, 1));

    [Fact]
    public void The_fused_graph_is_detected_and_decodes_as_the_exported_graph_does()
    {
        using var fused = Open("model.onnx");
        using var exported = Open("exported.onnx");
        using var runOptions = new RunOptions();
        Assert.True(fused.IsFused);
        Assert.False(exported.IsFused);
        Assert.Equal(exported.VocabularySize, fused.VocabularySize);

        var fusedIds = Greedy(fused, runOptions, out var fusedFirst);
        var exportedIds = Greedy(exported, runOptions, out var exportedFirst);
        Assert.Equal(exportedIds, fusedIds);
        Assert.Equal(16, fusedIds.Count);
        // Same 8-bit weights; attention and normalisation round differently, and the int8 activations amplify that.
        Assert.InRange(MaxDifference(fusedFirst, exportedFirst), 0, 0.25);
    }

    [Fact]
    public void Continuations_and_draft_verification_after_a_past_match_one_pass_over_the_whole_text()
    {
        using var fused = Open("model.onnx");
        using var runOptions = new RunOptions();
        using var empty = fused.EmptyCache(1);
        var whole = fused.Run([Prompt], empty, runOptions, Prompt.Length);

        using var head = fused.Run([Prompt[..30]], empty, runOptions).Present;
        var rest = fused.Run([Prompt[30..]], head, runOptions, 10);
        using var restCache = rest.Present;
        Assert.Equal(Prompt.Length, restCache.Length);
        for (var i = 0; i < 10; i++)
        {
            Assert.InRange(MaxDifference(whole.TailLogits[0][30 + i], rest.TailLogits[0][i]), 0, 1e-4);
        }

        // Two rows with different drafts after the same past: each row as if it ran alone.
        using var twoRows = head.SelectRows([0, 0]);
        int[] other = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        var both = fused.Run([Prompt[30..], other], twoRows, runOptions, 10);
        using var bothCache = both.Present;
        var alone = fused.Run([other], head, runOptions, 10);
        using var aloneCache = alone.Present;
        Assert.Equal(2, bothCache.Batch);
        Assert.Equal(Prompt.Length, bothCache.Length);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(rest.TailLogits[0][i], both.TailLogits[0][i]);
            Assert.Equal(alone.TailLogits[0][i], both.TailLogits[1][i]);
        }

        // The stacked cache holds each row's keys: one more token per row continues each row as it would alone.
        var next = fused.Run([[3], [4]], bothCache, runOptions);
        using var nextCache = next.Present;
        var restNext = fused.Run([[3]], restCache, runOptions);
        using var restNextCache = restNext.Present;
        var aloneNext = fused.Run([[4]], aloneCache, runOptions);
        using var aloneNextCache = aloneNext.Present;
        Assert.InRange(MaxDifference(restNext.LastLogits[0], next.LastLogits[0]), 0, 0.25);
        Assert.InRange(MaxDifference(aloneNext.LastLogits[0], next.LastLogits[1]), 0, 0.25);
        whole.Present.Dispose();
    }

    private static List<int> Greedy(DecoderSession session, RunOptions runOptions, out float[] firstLogits)
    {
        using var empty = session.EmptyCache(1);
        var output = session.Run([Prompt], empty, runOptions);
        firstLogits = output.LastLogits[0];
        var kv = output.Present;
        var ids = new List<int>();
        try
        {
            var logits = output.LastLogits[0];
            for (var step = 0; step < 16; step++)
            {
                var next = ArgMax(logits);
                ids.Add(next);
                var stepOutput = session.Run([[next]], kv, runOptions);
                kv.Dispose();
                kv = stepOutput.Present;
                logits = stepOutput.LastLogits[0];
            }
        }
        finally
        {
            kv.Dispose();
        }

        return ids;
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b).Max(pair => Math.Abs(pair.First - pair.Second));
}
