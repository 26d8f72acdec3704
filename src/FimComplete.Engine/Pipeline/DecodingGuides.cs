using FimComplete.Engine.Api;
using FimComplete.Engine.Constraint;
using FimComplete.Inference;

namespace FimComplete.Engine.Pipeline;

/// <summary>
/// What steers the first tokens: after <c>expr.</c> the member constraint (the partly typed name is left out of the
/// prompt and re-generated under it), else token healing of the whitespace before the cursor (left out of the prompt,
/// re-written by the model in the tokens it would have used). <see cref="Healed"/> is the text left out either way.
/// </summary>
internal sealed record DecodingGuides(MemberAccessSite? Site, MemberNameConstraint? Constraint, IReadOnlySet<string> MemberNames, HealedTextConstraint? Healing, string Healed)
{
    /// <param name="logitsProcessors">Whether the generator runs logits processors (a remote one does not).</param>
    public static DecodingGuides Choose(CompletionSite site, CompletionOptions options, bool logitsProcessors, FimModel model, TextWriter? log, CancellationToken cancellationToken)
    {
        var access = MemberAccessSite.Find(site.Analysis.Root, site.Document.Cursor);
        if (logitsProcessors && options.UseConstraint && access is not null)
        {
            var (constraint, names) = TryConstraint(access, site, model, log, cancellationToken);
            if (constraint is not null)
            {
                return new DecodingGuides(access, constraint, names, null, access.Partial);
            }

            return WithHealing(access, names, site, options, logitsProcessors, model);
        }

        return WithHealing(access, new HashSet<string>(), site, options, logitsProcessors, model);
    }

    private static DecodingGuides WithHealing(MemberAccessSite? access, IReadOnlySet<string> names, CompletionSite site, CompletionOptions options, bool logitsProcessors, FimModel model)
    {
        if (logitsProcessors && options.UseTokenHealing && TrailingWhitespace(site.Document.LinePrefix) is { Length: > 0 } whitespace)
        {
            return new DecodingGuides(access, null, names, new HealedTextConstraint(VocabularyIndex.For(model.Tokenizer), whitespace), whitespace);
        }

        return new DecodingGuides(access, null, names, null, string.Empty);
    }

    private static (MemberNameConstraint? Constraint, IReadOnlySet<string> Names) TryConstraint(MemberAccessSite access, CompletionSite site, FimModel model, TextWriter? log, CancellationToken cancellationToken)
    {
        var analysis = site.Analysis;
        try
        {
            var names = access.MemberNames(analysis.SemanticModel, analysis.Document.Project.FilePath is not null, cancellationToken).Where(n => n.StartsWith(access.Partial, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
            if (names.Count == 0)
            {
                return (null, names);
            }

            var constraint = new MemberNameConstraint(VocabularyIndex.For(model.Tokenizer), names, typed: string.Empty, model.Template.StopIds);
            return constraint.IsSatisfiable ? (constraint, names) : (null, names);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log?.WriteLine($"Member lookup failed: {ex.GetType().Name}: {ex.Message}");
            return (null, new HashSet<string>());
        }
    }

    /// <summary>The spaces and tabs the text ends with.</summary>
    private static string TrailingWhitespace(string text)
    {
        var start = text.Length;
        while (start > 0 && text[start - 1] is ' ' or '\t') start--;
        return text[start..];
    }
}
