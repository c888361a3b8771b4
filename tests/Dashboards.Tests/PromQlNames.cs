using System.Text.RegularExpressions;

namespace Observatory.Dashboards.Tests;

/// <summary>The metric names a PromQL expression (or a Grafana <c>label_values(metric, label)</c> query) reads.</summary>
public static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset"];

    public static IReadOnlyList<string> Of(string expression)
    {
        // Drop what is not a name: quoted strings, label matchers, range selectors, grouping label lists, numbers.
        var text = QuotedString().Replace(expression, "\"\"");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new List<string>();
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Groups["name"].Value;
            var isCall = match.Groups["call"].Success;
            if (!isCall && !Keywords.Contains(name) && !name.StartsWith("$", StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        // label_values(metric, label): the second argument is a label, not a metric.
        if (LabelValues().Match(expression) is { Success: true } lv)
        {
            names.RemoveAll(n => n == lv.Groups["label"].Value);
        }

        return names.Distinct().ToArray();
    }

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w$.])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"label_values\(\s*[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?\s*,\s*(?<label>\w+)\s*\)")]
    private static partial Regex LabelValues();
}
