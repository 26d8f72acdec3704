using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Workspace;

/// <summary>The smallest single edit that turns one text into another (common prefix and suffix kept), so that a
/// full-text update from the editor reaches Roslyn as an incremental change (<see cref="SourceText.WithChanges(TextChange[])"/>).</summary>
public static class TextDiff
{
    public static TextChange? Compute(SourceText oldText, string newText)
    {
        var oldLength = oldText.Length;
        var max = Math.Min(oldLength, newText.Length);
        var prefix = 0;
        while (prefix < max && oldText[prefix] == newText[prefix]) prefix++;
        if (prefix == oldLength && prefix == newText.Length)
        {
            return null;
        }

        var suffix = 0;
        while (suffix < max - prefix && oldText[oldLength - 1 - suffix] == newText[newText.Length - 1 - suffix]) suffix++;
        return new TextChange(new TextSpan(prefix, oldLength - prefix - suffix), newText.Substring(prefix, newText.Length - prefix - suffix));
    }

    /// <summary><paramref name="oldText"/> changed into <paramref name="newText"/>, keeping the change range so that
    /// Roslyn reparses incrementally; the same instance when nothing changed.</summary>
    public static SourceText Apply(SourceText oldText, string newText)
    {
        var change = Compute(oldText, newText);
        return change is null ? oldText : oldText.WithChanges(change.Value);
    }
}
