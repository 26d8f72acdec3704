using FimComplete.Engine.Api;
using FimComplete.Engine.Text;

namespace FimComplete.Engine.Prompting;

/// <summary>Single or multi-line, from the cursor's line: mid-line → one line; a blank line → a block.</summary>
public static class CompletionModeDetector
{
    public static bool IsMultiLine(NormalizedDocument document, LinePolicy policy) => policy switch
    {
        LinePolicy.SingleLine => false,
        LinePolicy.MultiLine => true,
        _ => string.IsNullOrWhiteSpace(document.LinePrefix) && string.IsNullOrWhiteSpace(document.LineSuffix),
    };
}
