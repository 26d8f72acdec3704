namespace FimComplete.Engine.Prompting;

/// <summary>
/// The part of the document that goes into the prompt, and its tokens. <see cref="PrefixText"/> is the context block,
/// then the skeleton of what the cut dropped, then the document from <see cref="PrefixStart"/> to the prefix end.
/// </summary>
public sealed record PromptWindow(string PrefixText, string SuffixText, int PrefixStart, int SuffixEnd, int[] PrefixIds, int[] SuffixIds)
{
    /// <summary>Cross-file context at the start of the prefix (empty when none).</summary>
    public string ContextText { get; init; } = string.Empty;

    /// <summary>The elided file skeleton between the context and the prefix body (empty when the prefix is not cut).</summary>
    public string SkeletonText { get; init; } = string.Empty;
}
