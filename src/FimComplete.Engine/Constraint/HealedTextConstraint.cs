using System.Text;
using FimComplete.Inference.Generation;

namespace FimComplete.Engine.Constraint;

/// <summary>
/// Token healing for text the prompt leaves out: the generation must start by writing <c>healed</c> again, in tokens
/// the model chooses. A prompt that ends in whitespace (indentation, or the space after <c>=</c>) ends on a token the
/// model rarely saw last: in training that whitespace merges with the next word (<c>"           "</c> + <c>" get"</c>,
/// <c>" ="</c> + <c>" value"</c>). So the engine drops it from the prompt and lets the model re-write it: until the
/// healed text is written, only tokens whose bytes are a prefix of what is left of it, or start with all of it, are
/// allowed (and no stop token); after that the generation is free.
/// </summary>
public sealed class HealedTextConstraint : ILogitsProcessor
{
    private readonly VocabularyIndex _vocabulary;
    private readonly byte[] _healed;
    private readonly Dictionary<int, bool[]> _allowed = [];
    private readonly object _gate = new();

    public HealedTextConstraint(VocabularyIndex vocabulary, string healed)
    {
        _vocabulary = vocabulary;
        Healed = healed;
        _healed = Encoding.UTF8.GetBytes(healed);
    }

    public string Healed { get; }

    public void Process(LogitsContext context, Span<float> logits)
    {
        var written = 0;
        foreach (var id in context.GeneratedIds)
        {
            if ((uint)id >= (uint)_vocabulary.Size)
            {
                return;
            }

            written += _vocabulary.Bytes[id].Length;
            if (written >= _healed.Length)
            {
                return;
            }
        }

        bool[] allowed;
        lock (_gate)
        {
            if (!_allowed.TryGetValue(written, out allowed!))
            {
                allowed = Compute(written);
                _allowed[written] = allowed;
            }
        }

        VocabularyIndex.Restrict(logits, allowed);
    }

    private bool[] Compute(int written)
    {
        var rest = _healed.AsSpan(written);
        var allowed = new bool[_vocabulary.Size];
        foreach (var id in _vocabulary.ByFirstByte[rest[0]])
        {
            var bytes = _vocabulary.Bytes[id];
            var n = Math.Min(bytes.Length, rest.Length);
            allowed[id] = bytes.AsSpan(0, n).SequenceEqual(rest[..n]);
        }

        return allowed;
    }
}
