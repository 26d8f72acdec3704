using System.Text;

namespace FimComplete.Inference.Tokenization;

/// <summary>Turns a stream of token ids into text; bytes of an incomplete UTF-8 character wait for the next token.</summary>
public sealed class IncrementalDecoder
{
    private readonly HfTokenizer _tokenizer;
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly StringBuilder _text = new();
    private char[] _buffer = new char[64];

    internal IncrementalDecoder(HfTokenizer tokenizer)
    {
        _tokenizer = tokenizer;
    }

    /// <summary>Everything decoded so far (complete characters only).</summary>
    public string Text => _text.ToString();

    public int Length => _text.Length;

    /// <summary>Adds one token; returns the newly completed text (possibly empty).</summary>
    public string Append(int id)
    {
        var bytes = _tokenizer.TokenBytes(id);
        var needed = _decoder.GetCharCount(bytes, flush: false);
        if (needed > _buffer.Length)
        {
            _buffer = new char[Math.Max(needed, _buffer.Length * 2)];
        }

        var count = _decoder.GetChars(bytes, _buffer, flush: false);
        var piece = new string(_buffer, 0, count);
        _text.Append(piece);
        return piece;
    }
}
