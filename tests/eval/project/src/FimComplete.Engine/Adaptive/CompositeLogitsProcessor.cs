using FimComplete.Inference.Generation;

namespace FimComplete.Engine.Adaptive;

/// <summary>
/// Runs several logits processors in order. Put distribution changes (the cache LM) before masks (the member-name
/// constraint): a mask applied first could be undone by the mixture, one applied last always holds.
/// </summary>
public sealed class CompositeLogitsProcessor(IReadOnlyList<ILogitsProcessor> processors) : ILogitsProcessor
{
    public IReadOnlyList<ILogitsProcessor> Processors { get; } = processors;

    /// <summary>The processors that are not null, combined: null for none, the processor itself for one.</summary>
    public static ILogitsProcessor? Combine(params ILogitsProcessor?[] processors)
    {
        var present = processors.Where(p => p is not null).Select(p => p!).ToList();
        return present.Count switch
        {
            0 => null,
            1 => present[0],
            _ => new CompositeLogitsProcessor(present),
        };
    }

    public void Process(LogitsContext context, Span<float> logits)
    {
        foreach (var processor in Processors)
        {
            processor.Process(context, logits);
        }
    }
}
