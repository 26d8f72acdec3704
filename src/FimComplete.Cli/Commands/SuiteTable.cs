using System.Globalization;
using FimComplete.Evaluation;

namespace FimComplete.Cli.Commands;

/// <summary>Markdown tables of eval-suite reports and comparisons (the form docs/evaluation.md quotes).</summary>
internal static class SuiteTable
{
    public static readonly string[] Kinds = ["single-line", "multi-line", "member", "statement"];

    public static string Rows(SuiteReport report)
    {
        var lines = new List<string>
        {
            "| project | split | style | tasks | all ES | " + string.Join(" | ", Kinds.Select(k => $"{k} ES / EM")) + " | syntax ok | length ratio " + string.Join("/", Kinds.Select(Short)) + " |",
            "|---|---|---|---|---|" + string.Concat(Kinds.Select(_ => "---|")) + "---|---|",
        };
        foreach (var split in new[] { "tune", "test" })
        {
            var rows = report.Projects.Where(p => p.Split == split).ToList();
            lines.AddRange(rows.Select(p => Row(p.Name, p.Split, p.Style, p.All, p.ByKind)));
            if (rows.Count > 0 && report.Macro.TryGetValue(split, out var macro))
            {
                lines.Add(Row($"**macro {split}** ({macro.Projects} projects)", split, "", macro.All, macro.ByKind, bold: true));
            }
        }

        if (report.Macro.TryGetValue("all", out var all) && report.Macro.Count > 2)
        {
            lines.Add(Row($"**macro all** ({all.Projects} projects)", "", "", all.All, all.ByKind, bold: true));
        }

        return string.Join(Environment.NewLine, lines);
    }

    public static string Comparison(IReadOnlyList<(string Label, MacroDifference Difference)> rows) =>
        string.Join(Environment.NewLine, new[]
        {
            "| projects | tasks | macro all ES A | macro all ES B | B − A | 95% CI | projects B>A / B<A |",
            "|---|---|---|---|---|---|---|",
        }.Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"| {r.Label} ({r.Difference.Projects}) | {r.Difference.Tasks} | {r.Difference.MacroA:F3} | {r.Difference.MacroB:F3} | {Signed(r.Difference.Difference)} | [{Signed(r.Difference.Low)}, {Signed(r.Difference.High)}] | {r.Difference.ProjectsBetter} / {r.Difference.ProjectsWorse} |"))));

    /// <summary>A difference with its sign; one that rounds to zero prints as +0.000 (not "-+0.000").</summary>
    public static string Signed(double value) =>
        (Math.Round(value, 3) + 0.0).ToString("+0.000;-0.000;+0.000", CultureInfo.InvariantCulture);

    private static string Short(string kind) => kind switch
    {
        "single-line" => "s",
        "multi-line" => "m",
        "member" => "mem",
        _ => "st",
    };

    private static string Row(string name, string split, string style, SuiteKindStats all, IReadOnlyDictionary<string, SuiteKindStats> byKind, bool bold = false)
    {
        string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
        string B(string s) => bold ? $"**{s}**" : s;
        var kinds = Kinds.Select(k => byKind.TryGetValue(k, out var s) ? $"{F(s.EditSimilarity)} / {s.ExactMatch.ToString("F2", CultureInfo.InvariantCulture)}" : "-");
        var ratios = Kinds.Select(k => byKind.TryGetValue(k, out var s) ? s.LengthRatio.ToString("F2", CultureInfo.InvariantCulture) : "-");
        return $"| {name} | {split} | {style} | {all.Tasks} | {B(F(all.EditSimilarity))} | {string.Join(" | ", kinds)} | {F(all.SyntaxOk)} | {string.Join(" / ", ratios)} |";
    }
}
