using System.Collections.Concurrent;
using FimComplete.Engine.Text;
using FimComplete.Inference.Models;
using FimComplete.Inference.Tokenization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FimComplete.Engine.Prompting;

/// <summary>
/// Cuts the prefix (about three quarters of the budget) and the suffix out of a document on syntax boundaries: the
/// prefix body starts where a member or statement starts, the suffix ends before one (or before a closing brace),
/// never inside a token. What the prefix cut drops is summarised by the file's skeleton (usings, namespace, the headers
/// of the enclosing type, member and blocks, elided lines marked). The number of tokens cut is rounded up to a multiple
/// of an eighth of the budget before looking for a boundary, so the prefix start stays put while the user types and the
/// prompt cache holds. An optional context block (cross-file signatures) goes first.
/// </summary>
public sealed class PromptWindowBuilder(HfTokenizer tokenizer, ResolvedFimTemplate template)
{
    /// <summary>Kept for callers of the line-based builder; the cut is now quantised in tokens (an eighth of the budget).</summary>
    public const int StartLineQuantum = 8;
    private const int MaxCachedLines = 100_000;

    /// <summary>The line-cost cache holds at most this many characters (default about 8 MB), so huge lines cannot pin
    /// megabytes of closed documents' text; when full it starts over.</summary>
    internal long MaxCachedChars { get; init; } = 4_000_000;

    /// <summary>Longer lines are costed without caching (minified or generated text: rarely seen twice).</summary>
    private const int MaxCachedLineLength = 1_000;
    private readonly ConcurrentDictionary<string, int> _lineCosts = new(StringComparer.Ordinal);
    private long _cachedChars;

    /// <summary>Lines and characters in the line-cost cache (memory diagnostics and tests).</summary>
    public (int Lines, long Chars) LineCostCacheSize => (_lineCosts.Count, Interlocked.Read(ref _cachedChars));

    /// <summary>Windows for a document without a syntax tree at hand (the document is parsed here).</summary>
    public PromptWindow Build(NormalizedDocument document, int tokenBudget) =>
        Build(document, tokenBudget, CSharpSyntaxTree.ParseText(document.Text).GetRoot(), string.Empty, document.Cursor);

    /// <param name="document">The LF text and cursor.</param>
    /// <param name="tokenBudget">Tokens for context + prefix + suffix.</param>
    /// <param name="root">Syntax root of <paramref name="document"/>'s text.</param>
    /// <param name="context">Block put first in the prefix (may be empty); its tokens count against the budget.</param>
    /// <param name="prefixEnd">Where the prefix ends (the cursor, or earlier when a partly typed name is re-generated).</param>
    public PromptWindow Build(NormalizedDocument document, int tokenBudget, SyntaxNode root, string context, int prefixEnd)
    {
        var text = document.Text;
        var cursor = document.Cursor;
        prefixEnd = Math.Clamp(prefixEnd, 0, cursor);
        var lines = new LineMap(text);
        var contextCost = context.Length == 0 ? 0 : tokenizer.Encode(context).Length;
        var budget = Math.Max(8, tokenBudget - contextCost);

        // Prefix lines: whole lines before the prefix end's line, then that line up to the prefix end.
        var endLine = lines.LineOf(prefixEnd);
        var prefixCosts = new int[endLine + 1];
        for (var line = 0; line < endLine; line++) prefixCosts[line] = Cost(lines.LineText(line));
        prefixCosts[endLine] = Cost(text[lines.Start(endLine)..prefixEnd]);

        // Suffix lines: the rest of the cursor's line, then whole lines.
        var cursorLine = lines.LineOf(cursor);
        var suffixPieces = new List<(int End, int Cost)>();
        for (var line = cursorLine; line < lines.Count; line++)
        {
            var start = line == cursorLine ? cursor : lines.Start(line);
            var end = lines.End(line);
            if (end <= start && line != cursorLine) break;
            suffixPieces.Add((end, Cost(text[start..end])));
        }

        // The suffix gets what the prefix does not need of the budget (at least a quarter); the prefix the rest.
        var prefixShare = Math.Max(1, budget * 3 / 4);
        var prefixNeed = Math.Min(prefixShare, prefixCosts.Sum());
        var suffixBudget = Math.Max(0, budget - prefixNeed);
        var suffixCount = 0;
        var suffixTokens = 0;
        while (suffixCount < suffixPieces.Count && suffixTokens + suffixPieces[suffixCount].Cost <= suffixBudget)
        {
            suffixTokens += suffixPieces[suffixCount].Cost;
            suffixCount++;
        }

        if (suffixCount < suffixPieces.Count)
        {
            // End before a unit (or a closing brace), not in the middle of one.
            for (var k = suffixCount; k >= 2; k--)
            {
                if (SyntaxBoundaries.IsEnd(root, suffixPieces[k - 1].End))
                {
                    suffixTokens -= suffixPieces.Skip(k).Take(suffixCount - k).Sum(p => p.Cost);
                    suffixCount = k;
                    break;
                }
            }
        }

        var suffixEnd = suffixCount == 0 ? cursor : suffixPieces[suffixCount - 1].End;
        var prefixBudget = Math.Max(1, budget - suffixTokens);

        var (cutLine, skeleton, tailStart) = ChooseCut(root, lines, prefixCosts, prefixBudget, text, prefixEnd);
        var bodyStart = tailStart ?? lines.Start(cutLine);
        var prefixText = context + skeleton + text[bodyStart..prefixEnd];
        var prefixIds = template.EncodePrefix(tokenizer, prefixText);
        var guard = 0;
        while (prefixIds.Length > tokenBudget - suffixTokens && bodyStart < prefixEnd && guard++ < 64)
        {
            // The per-line estimate was short (tokens merge across lines): move the cut down a line, then characters.
            if (tailStart is null && cutLine < endLine)
            {
                cutLine++;
                bodyStart = lines.Start(cutLine);
                skeleton = FitSkeleton(FileSkeleton.Collect(root, lines, bodyStart), lines, cutLine, prefixBudget * 2 / 5);
            }
            else
            {
                skeleton = string.Empty;
                bodyStart += Math.Max(1, (prefixEnd - bodyStart) / 8);
                tailStart = bodyStart;
            }

            prefixText = context + skeleton + text[bodyStart..prefixEnd];
            prefixIds = template.EncodePrefix(tokenizer, prefixText);
        }

        var suffixText = text[cursor..suffixEnd];
        var suffixIds = template.EncodeSuffix(tokenizer, suffixText);
        while (suffixIds.Length > Math.Max(0, tokenBudget - prefixIds.Length) && suffixText.Length > 0)
        {
            var lastBreak = suffixText.TrimEnd('\n').LastIndexOf('\n');
            suffixText = lastBreak >= 0 ? suffixText[..(lastBreak + 1)] : suffixText[..(suffixText.Length / 2)];
            suffixIds = template.EncodeSuffix(tokenizer, suffixText);
        }

        return new PromptWindow(prefixText, suffixText, bodyStart, cursor + suffixText.Length, prefixIds, suffixIds)
        {
            ContextText = context,
            SkeletonText = skeleton,
        };
    }

    /// <summary>
    /// The first body line and the skeleton for it; or, when even the prefix end's line alone is over budget, the start
    /// of its tail. The tokens to drop from the start are rounded up to a multiple of an eighth of the budget and the cut
    /// goes to the first syntax boundary after them: the cut moves only after that many tokens of typing, so the prompt
    /// cache holds, and at most an eighth of the budget (plus the boundary's distance) is left unused.
    /// </summary>
    private (int CutLine, string Skeleton, int? TailStart) ChooseCut(SyntaxNode root, LineMap lines, int[] costs, int budget, string text, int prefixEnd)
    {
        var endLine = costs.Length - 1;
        var cumulative = new int[costs.Length + 1];
        for (var line = 0; line < costs.Length; line++) cumulative[line + 1] = cumulative[line] + costs[line];
        var total = cumulative[^1];
        if (total <= budget)
        {
            return (0, string.Empty, null);
        }

        if (costs[endLine] > budget)
        {
            // The prefix end's line alone is over budget: keep its tail.
            var lineStart = lines.Start(endLine);
            var keep = Math.Min(prefixEnd - lineStart, budget * 3);
            return (endLine, string.Empty, prefixEnd - keep);
        }

        var quantum = Math.Max(32, budget / 8);
        var reserve = 0;
        var cutLine = endLine;
        var skeleton = string.Empty;
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var drop = Math.Max(1, total - (budget - reserve));
            var threshold = (drop + quantum - 1) / quantum * quantum;
            var first = 1;
            while (first < endLine && cumulative[first] < threshold) first++;
            cutLine = FirstBoundary(root, lines, first, endLine) ?? first;
            var member = EnclosingMember(root, lines.Start(cutLine));
            if (member is not null && member.Span.End < prefixEnd && lines.LineOf(member.Span.End) + 1 <= endLine)
            {
                // The cut fell inside a member the cursor is not in: start at the next member instead of mid-body,
                // unless that drops too much.
                var next = FirstBoundary(root, lines, lines.LineOf(member.Span.End) + 1, endLine);
                if (next is { } nextLine && cumulative[nextLine] - cumulative[cutLine] <= budget / 4)
                {
                    cutLine = nextLine;
                }
            }

            skeleton = FitSkeleton(FileSkeleton.Collect(root, lines, lines.Start(cutLine)), lines, cutLine, budget * 2 / 5);
            var skeletonCost = Cost(skeleton);
            if (skeletonCost + total - cumulative[cutLine] <= budget || cutLine >= endLine)
            {
                break;
            }

            reserve = Math.Max(reserve + 1, skeletonCost);
        }

        return (cutLine, skeleton, null);
    }

    private static int? FirstBoundary(SyntaxNode root, LineMap lines, int from, int to)
    {
        for (var line = from; line <= to; line++)
        {
            if (SyntaxBoundaries.IsBoundary(root, lines.Start(line)))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>The outermost non-type member (method, property, ...) that holds the position, if any.</summary>
    private static SyntaxNode? EnclosingMember(SyntaxNode root, int position)
    {
        var token = root.FindToken(Math.Min(position, root.FullSpan.End));
        return token.Parent?.AncestorsAndSelf().LastOrDefault(n =>
            n is MemberDeclarationSyntax and not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax && n.SpanStart < position);
    }

    /// <summary>Renders the skeleton, dropping pieces (usings first, outermost first) until it fits.</summary>
    private string FitSkeleton(List<FileSkeleton.Piece> pieces, LineMap lines, int cutLine, int maxTokens)
    {
        var ordered = pieces.OrderBy(p => p.Priority).ThenBy(p => p.FirstLine).ToList();
        while (true)
        {
            var rendered = FileSkeleton.Render(ordered, lines, cutLine);
            if (ordered.Count == 0 || Cost(rendered) <= maxTokens)
            {
                return rendered;
            }

            ordered.RemoveAt(0);
        }
    }

    /// <summary>Token count of a text, summed per line (cached): close to, and usually above, the real count.</summary>
    public int Cost(string text)
    {
        var total = 0;
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            var line = text[start..end];
            if (line.Length > MaxCachedLineLength)
            {
                total += tokenizer.Encode(line).Length;
                start = end;
                continue;
            }

            if (!_lineCosts.TryGetValue(line, out var cost))
            {
                cost = tokenizer.Encode(line).Length;
                if (_lineCosts.Count >= MaxCachedLines || Interlocked.Read(ref _cachedChars) + line.Length > MaxCachedChars)
                {
                    _lineCosts.Clear();
                    Interlocked.Exchange(ref _cachedChars, 0);
                }

                if (_lineCosts.TryAdd(line, cost))
                {
                    Interlocked.Add(ref _cachedChars, line.Length);
                }
            }

            total += cost;
            start = end;
        }

        return total;
    }

    internal static List<string> SplitLinesKeepEnds(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(text[start..]);
                break;
            }

            lines.Add(text[start..(end + 1)]);
            start = end + 1;
        }

        return lines;
    }
}
