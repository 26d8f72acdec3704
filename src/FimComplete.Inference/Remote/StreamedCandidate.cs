using FimComplete.Inference.Generation;

namespace FimComplete.Inference.Remote;

/// <summary>
/// One candidate's text as a server sends it, piece by piece, with the local generator's limits applied on the client:
/// the text is cut before a stop string or at the line limit (then the request can end early), and the stop reason
/// says whether the model ended the middle itself.
/// </summary>
internal sealed class StreamedCandidate(GenerationOptions options)
{
    private readonly System.Text.StringBuilder _text = new();
    private double _sumLogProb;
    private int _tokens;

    public bool IsFinished => Reason is not null;

    public StopReason? Reason { get; private set; }

    public string Text { get; private set; } = string.Empty;

    /// <summary>Adds a piece; true when the candidate is finished by it (a stop string, the line limit).</summary>
    public bool Append(string piece, double? logProb = null, int tokens = 0)
    {
        if (IsFinished)
        {
            return true;
        }

        _text.Append(piece);
        _tokens += tokens;
        _sumLogProb += logProb ?? 0;
        var text = _text.ToString();
        foreach (var stop in options.StopStrings)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                return Finish(StopReason.StopString, text[..at]);
            }
        }

        if (options.MaxLines > 0)
        {
            var newlines = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n' && ++newlines == options.MaxLines)
                {
                    return Finish(StopReason.MaxLines, text[..(i > 0 && text[i - 1] == '\r' ? i - 1 : i)]);
                }
            }
        }

        Text = text;
        return false;
    }

    /// <summary>The server ended the candidate (the model's end of text, a stop string, its token limit).</summary>
    public void End(StopReason reason)
    {
        if (!IsFinished)
        {
            Finish(reason, _text.ToString());
        }
    }

    public GeneratedCandidate ToCandidate() =>
        new(Text, [], _sumLogProb, Reason ?? StopReason.MaxTokens) { TokenCount = _tokens };

    private bool Finish(StopReason reason, string text)
    {
        Reason = reason;
        Text = text;
        return true;
    }
}
