namespace Observatory.Deploy.Tests;

/// <summary>
/// The build context's <c>.dockerignore</c>, for the patterns this repository uses: <c>**/name/</c> (a folder of that
/// name anywhere), <c>path/</c> or <c>path</c> (from the top), <c>**/*.ext</c>. Any other pattern is refused.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<Func<string[], bool>> _rules = [];

    public static DockerIgnore Load(string contextDirectory)
    {
        var ignore = new DockerIgnore();
        var file = Path.Combine(contextDirectory, ".dockerignore");
        if (!File.Exists(file))
        {
            return ignore;
        }

        foreach (var raw in File.ReadAllLines(file))
        {
            var pattern = raw.Trim();
            if (pattern.Length == 0 || pattern.StartsWith('#'))
            {
                continue;
            }

            ignore._rules.Add(Rule(pattern));
        }

        return ignore;
    }

    public bool Excludes(string relativePath)
    {
        var segments = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return _rules.Any(rule => rule(segments));
    }

    private static Func<string[], bool> Rule(string pattern)
    {
        if (pattern.StartsWith("**/*.", StringComparison.Ordinal) && !pattern[5..].Contains('/'))
        {
            var extension = pattern[4..];
            return segments => segments[^1].EndsWith(extension, StringComparison.Ordinal);
        }

        var name = pattern.TrimEnd('/');
        if (name.StartsWith("**/", StringComparison.Ordinal) && !name[3..].Contains('/') && !name[3..].Contains('*'))
        {
            var folder = name[3..];
            return segments => segments[..^1].Contains(folder, StringComparer.Ordinal);
        }

        if (!name.Contains('*'))
        {
            var prefix = name.Split('/');
            return segments => segments.Length > prefix.Length && segments.AsSpan(0, prefix.Length).SequenceEqual(prefix);
        }

        throw new NotSupportedException($".dockerignore pattern '{pattern}' is not understood by the replay.");
    }
}
