namespace FimComplete.Engine.Prompting;

/// <summary>The part of the document that goes into the prompt, and its tokens.</summary>
public sealed record PromptWindow(string PrefixText, string SuffixText, int PrefixStart, int SuffixEnd, int[] PrefixIds, int[] SuffixIds);
