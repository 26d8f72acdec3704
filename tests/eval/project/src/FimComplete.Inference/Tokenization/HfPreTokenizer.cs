using Microsoft.ML.Tokenizers;

namespace FimComplete.Inference.Tokenization;

/// <summary>
/// A Hugging Face pre-tokenizer pipeline (Sequence of Split / Digits / ByteLevel) for Microsoft.ML.Tokenizers.
/// Each step refines the pieces of the previous one, exactly as the HF library applies a Sequence.
/// </summary>
internal sealed class HfPreTokenizer : PreTokenizer
{
    private readonly IReadOnlyList<PreTokenizerStep> _steps;

    public HfPreTokenizer(IReadOnlyList<PreTokenizerStep> steps)
    {
        _steps = steps;
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => Split(text);

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text.ToString());

    public List<(int Offset, int Length)> Split(string text)
    {
        var pieces = new List<(int Offset, int Length)>();
        if (text.Length == 0)
        {
            return pieces;
        }

        pieces.Add((0, text.Length));
        foreach (var step in _steps)
        {
            var next = new List<(int Offset, int Length)>(pieces.Count * 2);
            foreach (var (offset, length) in pieces)
            {
                step.Split(text, offset, length, next);
            }

            pieces = next;
        }

        return pieces;
    }
}
