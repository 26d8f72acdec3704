using FimComplete.Engine.Analysis;
using FimComplete.Engine.Constraint;
using FimComplete.Engine.PostProcessing;
using FimComplete.Engine.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FimComplete.Engine.Ranking;

/// <summary>A name a candidate writes that binds to nothing: its offset in the candidate, and for a name after a
/// receiver the receiver's member names (empty when unknown; null for a simple name).</summary>
public sealed record UnboundName(int Offset, string Name, IReadOnlyList<string>? ReceiverMembers)
{
    public bool HasReceiver => ReceiverMembers is not null;
}

/// <summary>A cleaned candidate with what the ranker knows about it.</summary>
public sealed record ScoredCandidate(string Text, double MeanLogProb, bool EndedOnEot, int NewSyntaxErrors, double Score)
{
    /// <summary>Binding errors the candidate adds to the enclosing member (CS0103, CS1061, ...).</summary>
    public int NewBindingErrors { get; init; }

    /// <summary>Of those, errors naming something that does not exist (the model made a name up).</summary>
    public int NewNameErrors { get; init; }

    /// <summary>True when <see cref="Text"/> is a bracket or <c>;</c> repair of the generated text (see <see cref="BracketRepair"/>).</summary>
    public bool Repaired { get; init; }

    /// <summary>True when <see cref="Text"/> is the generated text cut after its last whole line that parses (the rest
    /// did not parse and could not be repaired).</summary>
    public bool Truncated { get; init; }
}

/// <summary>
/// Orders candidates. Each is spliced into the document at the cursor: one that adds syntax errors is repaired if a
/// minimal bracket or <c>;</c> repair makes the splice parse (<see cref="BracketRepair"/>, <see cref="RepairPenalty"/>
/// off its score) and rejected otherwise; one
/// whose names do not bind is penalised (<see cref="NameErrorPenalty"/> for a name that does not exist — what CS0103,
/// CS1061, CS0117, CS0246 report — <see cref="OtherErrorPenalty"/> for a failed overload resolution); the rest by mean
/// log-probability with a bonus for ending on EOT (the FIM paper's EOT-aware best-of-n) and a prior for generation
/// order (<see cref="OrderPenalty"/> per place: the greedy candidate first). Duplicates (up to whitespace)
/// collapse to the best-scored copy. A multi-line candidate whose whole text neither parses nor repairs is cut back to
/// its longest run of whole lines that does (<see cref="TruncationPenalty"/> off its score, no EOT bonus): the
/// statements it got right are still worth accepting, where rejecting it left the user nothing.
/// </summary>
public static class CandidateRanker
{
    public const double EotBonus = 0.5;

    /// <summary>Off the score per place in generation order: candidate i starts from the i-th most likely first token,
    /// so the greedy one (i = 0) is the model's best guess, which mean log-probability alone under-rates (a short
    /// confident alternative wins). Tuned on the visible set (docs/evaluation.md).</summary>
    public const double OrderPenalty = 1.0;

    /// <summary>Off the score per name the candidate makes up (one place in generation order). A larger penalty raised
    /// bind_ok but cost member completions more edit similarity than it gained (docs/evaluation.md).</summary>
    public const double NameErrorPenalty = 1.0;
    public const double OtherErrorPenalty = 0.3;
    public const double MaxPenalty = 3.0;
    public const double RepairPenalty = 0.1;
    public const double TruncationPenalty = 0.3;

    /// <summary>Line cuts tried per candidate (longest first), each one incremental reparse (plus repairs).</summary>
    public const int MaxTruncations = 8;

    /// <summary>Syntax-only ranking (no semantic model): kept for callers without a workspace.</summary>
    public static IReadOnlyList<ScoredCandidate> Rank(IEnumerable<(string Text, double MeanLogProb, bool EndedOnEot)> candidates, NormalizedDocument document, bool useSyntax, CancellationToken cancellationToken)
    {
        var baseline = useSyntax ? new SyntaxErrorDiff(CSharpSyntaxTree.ParseText(document.Text, cancellationToken: cancellationToken)) : null;
        var scored = new List<ScoredCandidate>();
        var place = 0;
        foreach (var (text, meanLogProb, endedOnEot) in candidates)
        {
            var newErrors = 0;
            if (baseline is not null)
            {
                var spliced = document.Text[..document.Cursor] + text + document.Text[document.Cursor..];
                newErrors = baseline.NewErrors(CSharpSyntaxTree.ParseText(spliced, cancellationToken: cancellationToken), document.Cursor, 0, text.Length);
            }

            scored.Add(new ScoredCandidate(text, meanLogProb, endedOnEot, newErrors, BaseScore(meanLogProb, endedOnEot) - (OrderPenalty * place++)));
        }

        return Order(scored, useSyntax);
    }

    /// <summary>
    /// Full ranking on the analysed document: syntax through incremental reparse, binding errors through the semantic
    /// model of the document with the candidate spliced in (only the enclosing member is bound).
    /// </summary>
    /// <param name="candidates">Cleaned candidates in generation order.</param>
    /// <param name="checker">Splices candidates into the analysed document.</param>
    /// <param name="useRanking">False: generation order, nothing checked.</param>
    /// <param name="cancellationToken">Cancels the ranking.</param>
    public static IReadOnlyList<ScoredCandidate> Rank(IEnumerable<(string Text, double MeanLogProb, bool EndedOnEot)> candidates, SpliceChecker checker, bool useRanking, CancellationToken cancellationToken)
    {
        var list = candidates.ToList();
        if (!useRanking)
        {
            return Order(list.Select(c => new ScoredCandidate(c.Text, c.MeanLogProb, c.EndedOnEot, 0, BaseScore(c.MeanLogProb, c.EndedOnEot))).ToList(), useSyntax: false);
        }

        var scored = new List<ScoredCandidate>();
        var place = 0;
        foreach (var group in list.GroupBy(c => NormalizeForDedupe(c.Text)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var best = group.OrderByDescending(c => BaseScore(c.MeanLogProb, c.EndedOnEot)).First();
            var syntaxErrors = checker.NewSyntaxErrors(best.Text);
            var order = OrderPenalty * place++;
            var score = BaseScore(best.MeanLogProb, best.EndedOnEot) - order;
            var repaired = false;
            if (syntaxErrors > 0 && Repair(checker, best.Text) is { } fixedText)
            {
                best = (fixedText, best.MeanLogProb, best.EndedOnEot);
                syntaxErrors = 0;
                score -= RepairPenalty;
                repaired = true;
            }

            var truncated = false;
            if (syntaxErrors > 0 && LongestParsingLines(checker, best.Text) is { } cut)
            {
                best = (cut, best.MeanLogProb, false);
                syntaxErrors = 0;
                score = BaseScore(best.MeanLogProb, false) - TruncationPenalty - order;
                truncated = true;
            }

            if (syntaxErrors > 0)
            {
                scored.Add(new ScoredCandidate(best.Text, best.MeanLogProb, best.EndedOnEot, syntaxErrors, score));
                continue;
            }

            var bindingErrors = 0;
            var nameErrors = 0;
            try
            {
                (nameErrors, bindingErrors) = BindingErrors(checker, best.Text, cancellationToken);
                bindingErrors += nameErrors;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A semantic failure must not lose the candidate: it is ranked on syntax and log-probability alone.
            }

            var penalty = Math.Min(MaxPenalty, (nameErrors * NameErrorPenalty) + ((bindingErrors - nameErrors) * OtherErrorPenalty));
            scored.Add(new ScoredCandidate(best.Text, best.MeanLogProb, best.EndedOnEot, 0, score - penalty)
            {
                NewBindingErrors = bindingErrors,
                NewNameErrors = nameErrors,
                Repaired = repaired,
                Truncated = truncated,
            });
        }

        var ranked = Order(scored, useSyntax: true);
        if (ranked.Count == 0 && Fallback(checker, scored) is { } fallback)
        {
            ranked.Add(fallback);
        }

        return ranked;
    }

    /// <summary>
    /// When every candidate was rejected, the best of them cut to its longest prefix that parses (at a token boundary,
    /// as it is or after a minimal repair), with <see cref="TruncationPenalty"/> off its score: a usable start is worth
    /// showing where the user would otherwise see nothing. Null when no prefix of it parses.
    /// </summary>
    private static ScoredCandidate? Fallback(SpliceChecker checker, IReadOnlyList<ScoredCandidate> rejected)
    {
        foreach (var best in rejected.Where(c => c.NewSyntaxErrors > 0).OrderByDescending(c => c.Score).Take(2))
        {
            if (LongestParsingPrefix(checker, best.Text) is { } prefix)
            {
                return new ScoredCandidate(prefix, best.MeanLogProb, false, 0, best.Score - TruncationPenalty) { Truncated = true };
            }
        }

        return null;
    }

    /// <summary>Token ends tried by <see cref="LongestParsingPrefix"/> (longest first, at or before the first new error),
    /// each one incremental reparse plus its repairs. Trying every token end of every rejected candidate cost about a
    /// megabyte of Roslyn allocations per request on a document full of errors, and the 5,000-request soak's GC heap
    /// grew with it (docs/reliability.md).</summary>
    public const int MaxPrefixCuts = 3;

    /// <summary>The longest prefix of <paramref name="text"/> ending at a token's end (whole lines first) whose splice
    /// adds no syntax error as it is or after a minimal repair; null when none has code in it. The first line is cut
    /// at or before the first syntax error its splice adds (one reparse finds it), so only a few cuts are tried.</summary>
    internal static string? LongestParsingPrefix(SpliceChecker checker, string text)
    {
        if (LongestParsingLines(checker, text) is { } lines)
        {
            return lines;
        }

        var firstLine = text.Split('\n')[0].TrimEnd();
        if (checker.Exhausted)
        {
            return null;
        }

        var limit = firstLine.Length < text.TrimEnd().Length ? checker.FirstNewErrorOffset(firstLine) : checker.FirstNewErrorOffset(text);
        if (limit is null)
        {
            return firstLine.Trim().Length == 0 ? null : firstLine;
        }

        var ends = SyntaxFactory.ParseTokens(firstLine)
            .Where(t => !t.IsKind(SyntaxKind.EndOfFileToken))
            .Select(t => t.Span.End)
            .Where(e => e <= limit && e < text.TrimEnd().Length)
            .Distinct()
            .OrderByDescending(e => e)
            .Take(MaxPrefixCuts);
        foreach (var end in ends)
        {
            if (checker.Exhausted)
            {
                return null;
            }

            var cut = firstLine[..end].TrimEnd();
            if (cut.Trim().Length == 0 || CandidatePostProcessor.IsBareCommentMarkers(cut))
            {
                return null;
            }

            if (ParsingOrRepaired(checker, cut) is { } parsing)
            {
                return parsing;
            }
        }

        return null;
    }

    /// <summary><paramref name="cut"/> when its splice adds no syntax error, else its first minimal repair that adds none;
    /// null when neither parses.</summary>
    private static string? ParsingOrRepaired(SpliceChecker checker, string cut) =>
        checker.NewSyntaxErrors(cut) == 0 ? cut : Repair(checker, cut);

    /// <summary>The first minimal repair of <paramref name="text"/> whose splice adds no syntax error; null when none does.</summary>
    private static string? Repair(SpliceChecker checker, string text)
    {
        var analysis = checker.Analysis;
        var line = analysis.Text.Lines.GetLineFromPosition(analysis.Cursor);
        var before = analysis.Text.ToString(TextSpan.FromBounds(line.Start, analysis.Cursor));
        var indent = before[..(before.Length - before.TrimStart().Length)];
        return BracketRepair.Variants(text, indent).FirstOrDefault(v => !checker.Exhausted && checker.NewSyntaxErrors(v) == 0);
    }

    /// <summary>
    /// The longest prefix of a multi-line <paramref name="text"/> made of whole lines (cut before a line break) whose
    /// splice adds no syntax error as it is or after a minimal repair; null for a single line or when no cut parses.
    /// </summary>
    private static string? LongestParsingLines(SpliceChecker checker, string text)
    {
        var tried = 0;
        for (var end = text.LastIndexOf('\n'); end > 0 && tried < MaxTruncations && !checker.Exhausted; end = text.LastIndexOf('\n', end - 1), tried++)
        {
            var cut = text[..end].TrimEnd('\r', ' ', '\t');
            if (string.IsNullOrWhiteSpace(cut))
            {
                return null;
            }

            if (ParsingOrRepaired(checker, cut) is { } parsing)
            {
                return parsing;
            }
        }

        return null;
    }

    /// <summary>
    /// Binding errors of the names the candidate writes (every simple name that overlaps the inserted text): a name
    /// that binds to nothing (CS0103, CS1061, CS0117, CS0246 ...) is a name error; a failed overload resolution or a
    /// wrong arity another error. The spliced method body is bound speculatively against the warm compilation when the
    /// cursor is in a body; otherwise the document with the candidate gets its own compilation.
    /// </summary>
    private static (int NameErrors, int OtherErrors) BindingErrors(SpliceChecker checker, string text, CancellationToken cancellationToken) =>
        BindingErrors(checker, text, null, cancellationToken);

    /// <summary>The names of <paramref name="text"/> that bind to nothing and are the candidate's fault (as the ranker
    /// counts them), in text order, as offsets into <paramref name="text"/>; for a name after a receiver
    /// (<c>x.Name</c>, <c>?.Name</c>, <c>A.B</c>) the receiver's member names when its type is complete, empty when
    /// they are unknown; null for a simple name.</summary>
    internal static IReadOnlyList<UnboundName> UnboundNames(SpliceChecker checker, string text, CancellationToken cancellationToken)
    {
        var misses = new List<(SimpleNameSyntax Name, SemanticModel Model)>();
        BindingErrors(checker, text, misses, cancellationToken);
        var completeProject = checker.Analysis.Document.Project.FilePath is not null;
        var unbound = new List<UnboundName>();
        foreach (var (name, model) in misses)
        {
            var offset = name.SpanStart - checker.Analysis.Cursor;
            if (offset < 0 || offset >= text.Length)
            {
                continue;
            }

            IReadOnlyList<string>? members = null;
            if (name.Parent is MemberAccessExpressionSyntax { Name: var right } && right == name || name.Parent is QualifiedNameSyntax { Right: var q } && q == name || name.Parent is MemberBindingExpressionSyntax)
            {
                var site = MemberAccessSite.Find(name.SyntaxTree.GetRoot(cancellationToken), name.SpanStart);
                members = site is null ? [] : site.MemberNames(model, completeProject, cancellationToken);
            }

            unbound.Add(new UnboundName(offset, name.Identifier.ValueText, members));
        }

        return unbound.OrderBy(n => n.Offset).ToList();
    }

    private static (int NameErrors, int OtherErrors) BindingErrors(SpliceChecker checker, string text, List<(SimpleNameSyntax Name, SemanticModel Model)>? misses, CancellationToken cancellationToken)
    {
        var analysis = checker.Analysis;
        var tree = checker.Splice(text);
        var root = tree.GetRoot(cancellationToken);
        var inserted = new TextSpan(analysis.Cursor, text.Length);
        var view = SemanticModelCache.SpeculateSplice(analysis.Semantic, analysis.Root, root, inserted.Start, inserted.End);
        if (view is null)
        {
            var model = analysis.Document.WithSyntaxRoot(root).GetSemanticModelAsync(cancellationToken).GetAwaiter().GetResult();
            if (model is null)
            {
                return (0, 0);
            }

            view = new SemanticView(model, model, null, null);
        }

        var nameErrors = 0;
        var otherErrors = 0;
        var completeProject = analysis.Document.Project.FilePath is not null;
        foreach (var name in root.DescendantNodes(n => n.FullSpan.IntersectsWith(inserted)).OfType<SimpleNameSyntax>())
        {
            if (!name.Span.IntersectsWith(inserted) || name.Identifier.IsMissing || !view.CanBind(name) || IsExempt(name))
            {
                continue;
            }

            var info = view.Model.GetSymbolInfo(name, cancellationToken);
            if (info.Symbol is not null)
            {
                continue;
            }

            switch (info.CandidateReason)
            {
                case CandidateReason.None when info.CandidateSymbols.IsEmpty:
                    if (IsTrustedMiss(view.Model, name, completeProject, cancellationToken))
                    {
                        nameErrors++;
                        misses?.Add((name, view.Model));
                    }

                    break;
                case CandidateReason.Inaccessible:
                    nameErrors++;
                    misses?.Add((name, view.Model));
                    break;
                case CandidateReason.OverloadResolutionFailure or CandidateReason.WrongArity or CandidateReason.NotInvocable
                    or CandidateReason.NotAValue or CandidateReason.NotATypeOrNamespace or CandidateReason.StaticInstanceMismatch:
                    otherErrors++;
                    break;
            }
        }

        return (nameErrors, otherErrors);
    }

    /// <summary>
    /// Whether a name that binds to nothing is the candidate's fault. In a project loaded by MSBuild, always. In an ad-hoc
    /// project (the runtime's assemblies only) a name may exist in an assembly we lack, so only these count: a member
    /// of a receiver whose type is complete (see <see cref="MemberAccessSite.IsComplete"/>), and a simple name spelled
    /// like a local, parameter or field (lower case or underscore first), and a called PascalCase name when the enclosing
    /// type is complete and the file has no <c>using static</c>; not a name under a namespace, another PascalCase simple
    /// name (a type from a missing assembly), or a member of an unbound or incomplete receiver.
    /// </summary>
    private static bool IsTrustedMiss(SemanticModel model, SimpleNameSyntax name, bool completeProject, CancellationToken cancellationToken)
    {
        ExpressionSyntax? receiver = name.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Name == name => access.Expression,
            QualifiedNameSyntax qualified when qualified.Right == name => qualified.Left,
            MemberBindingExpressionSyntax => null,
            _ => null,
        };
        if (receiver is null)
        {
            if (name.Parent is MemberBindingExpressionSyntax)
            {
                return completeProject;
            }

            if (completeProject || name.Identifier.ValueText is { Length: > 0 } text && (char.IsLower(text[0]) || text[0] == '_'))
            {
                return true;
            }

            // A called PascalCase name is a method of the enclosing type (or a made-up one) when that type is complete
            // and the file imports no static members.
            var enclosing = model.GetEnclosingSymbol(name.SpanStart, cancellationToken)?.ContainingType;
            return name.Parent is InvocationExpressionSyntax invocation && invocation.Expression == name
                && enclosing is not null && MemberAccessSite.IsComplete(model, name.SpanStart, enclosing, completeProject)
                && !name.SyntaxTree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                    .OfType<UsingDirectiveSyntax>().Any(u => u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword));
        }

        var symbol = model.GetSymbolInfo(receiver, cancellationToken).Symbol;
        if (symbol is INamespaceSymbol || symbol is null && model.GetTypeInfo(receiver, cancellationToken).Type is null)
        {
            return completeProject && symbol is INamespaceSymbol;
        }

        var type = symbol as ITypeSymbol ?? model.GetTypeInfo(receiver, cancellationToken).Type;
        return type is not null && MemberAccessSite.IsComplete(model, name.SpanStart, type, completeProject);
    }

    /// <summary>Names that legitimately bind to nothing: <c>nameof</c>, <c>var</c>-like contextual keywords, the names
    /// of anonymous type members and of named arguments of attributes.</summary>
    private static bool IsExempt(SimpleNameSyntax name) =>
        name.Identifier.ValueText is "nameof" or "var" or "dynamic" or "_" or "value" or "unmanaged" or "notnull"
        || name.Parent is NameEqualsSyntax
        || name.Parent?.Parent is AttributeArgumentSyntax;

    private static double BaseScore(double meanLogProb, bool endedOnEot) => meanLogProb + (endedOnEot ? EotBonus : 0);

    /// <summary>The candidate's C# tokens, one space apart: candidates that differ only in layout are duplicates.</summary>
    internal static string DedupeKey(string text) => NormalizeForDedupe(text);

    private static string NormalizeForDedupe(string text) =>
        string.Join(' ', SyntaxFactory.ParseTokens(text).Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).Select(t => t.Text));

    private static List<ScoredCandidate> Order(List<ScoredCandidate> scored, bool useSyntax)
    {
        var deduped = scored.GroupBy(c => NormalizeForDedupe(c.Text)).Select(g => g.OrderByDescending(c => c.Score).First());
        return useSyntax
            ? deduped.Where(c => c.NewSyntaxErrors == 0).OrderByDescending(c => c.Score).ToList()
            : deduped.ToList();
    }
}
