using FimComplete.Engine.Context;
using FimComplete.Engine.Prompting;

namespace FimComplete.Engine.Pipeline;

/// <summary>
/// What a completion's prompt was made of, returned with the result (<see cref="Api.CompletionResult.Prompt"/>) so that
/// tests and the eval probe observe the shipped path itself: the windows, the cross-file signatures, the retrieved
/// similar code, the member names the constraint allowed, the mode, and the text left out of the prompt for the model
/// to re-write (token healing or a partly typed member name).
/// </summary>
public sealed record PromptTrace(PromptWindow Window, SemanticContext Context, string SimilarCode, IReadOnlySet<string> MemberNames, bool MultiLine, string HealedText);
