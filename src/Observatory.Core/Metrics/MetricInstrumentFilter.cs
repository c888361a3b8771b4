namespace Observatory.Core.Metrics;

/// <summary>
/// Which instruments are stored: a list of names, each exact (<c>gen_ai.client.token.usage</c>) or a prefix ending in
/// <c>*</c> (<c>gen_ai.*</c>). Everything else is accepted from the exporter and dropped.
/// </summary>
public sealed class MetricInstrumentFilter
{
    /// <summary>The GenAI and MCP instruments, whatever their version of the conventions names them.</summary>
    public const string DefaultPatterns = "gen_ai.*,mcp.*";

    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    public MetricInstrumentFilter(string patterns)
    {
        foreach (var pattern in patterns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (pattern == "*")
            {
                _prefixes.Add("");
            }
            else if (pattern.EndsWith('*'))
            {
                _prefixes.Add(pattern[..^1]);
            }
            else
            {
                _exact.Add(pattern);
            }
        }
    }

    public static MetricInstrumentFilter Default { get; } = new(DefaultPatterns);

    public bool Stores(string instrument) =>
        _exact.Contains(instrument) || _prefixes.Exists(p => instrument.StartsWith(p, StringComparison.Ordinal));
}
