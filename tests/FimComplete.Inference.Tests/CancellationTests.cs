using FimComplete.Inference.Generation;
using FimComplete.Inference.Onnx;

namespace FimComplete.Inference.Tests;

public sealed class CancellationTests
{
    private sealed class CancelAtStep(CancellationTokenSource source, int step) : ILogitsProcessor
    {
        public int LastStepSeen { get; private set; }

        public void Process(LogitsContext context, Span<float> logits)
        {
            LastStepSeen = Math.Max(LastStepSeen, context.Step);
            if (context.Step == step)
            {
                source.Cancel();
            }

            // Never stop on its own: forbid every stop token.
            logits[0] = float.NegativeInfinity;
        }
    }

    [Fact]
    public void A_long_generation_stops_within_one_decode_step_of_the_cancel()
    {
        using var model = FimModel.Load(TestPaths.Fixture("gqa-hf"), new InferenceOptions(ExecutionProviderKind.Cpu));
        var prompt = model.Tokenizer.Encode("public static void Main(string[] args)\n{\n");
        using var source = new CancellationTokenSource();
        var processor = new CancelAtStep(source, step: 5);
        var options = new GenerationOptions { MaxNewTokens = 200, LogitsProcessor = new StopTokensForbidden(model.Template.StopIds, processor) };

        Assert.ThrowsAny<OperationCanceledException>(() => model.Generator.Generate(prompt, options, source.Token));
        Assert.InRange(processor.LastStepSeen, 5, 6);

        // The generator is usable afterwards.
        var result = model.Generator.Generate(prompt, new GenerationOptions { MaxNewTokens = 3 }, CancellationToken.None);
        Assert.Single(result.Candidates);
    }

    private sealed class StopTokensForbidden(IReadOnlySet<int> stops, ILogitsProcessor inner) : ILogitsProcessor
    {
        public void Process(LogitsContext context, Span<float> logits)
        {
            foreach (var id in stops) logits[id] = float.NegativeInfinity;
            inner.Process(context, logits);
        }
    }
}
