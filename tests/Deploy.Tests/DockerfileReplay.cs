using System.Text.RegularExpressions;

namespace Observatory.Deploy.Tests;

/// <summary>
/// Replays one stage of a Dockerfile without Docker: its <c>ARG</c>, <c>ENV</c>, <c>WORKDIR</c>, <c>COPY</c> and
/// <c>RUN</c> steps, in order, with the container's file system rooted in a temporary folder and the build context's
/// <c>.dockerignore</c> honoured. A step it cannot replay faithfully fails loudly instead of being skipped.
/// </summary>
internal sealed partial class DockerfileReplay(string contextDirectory, string rootDirectory)
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private string _workdir = "/";

    public static IReadOnlyList<(string Instruction, string Arguments)> StageSteps(string dockerfile, string stage)
    {
        var steps = new List<(string, string)>();
        var inStage = false;
        foreach (var line in LogicalLines(dockerfile))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var instruction = parts[0].ToUpperInvariant();
            if (instruction == "FROM")
            {
                inStage = Regex.IsMatch(line, $@"\sAS\s+{Regex.Escape(stage)}$", RegexOptions.IgnoreCase);
            }
            else if (inStage)
            {
                steps.Add((instruction, parts.Length > 1 ? parts[1] : ""));
            }
        }

        return steps.Count > 0 ? steps : throw new InvalidOperationException($"The Dockerfile has no stage '{stage}'.");
    }

    /// <summary>Runs the steps; returns null on success, else what failed and what the failing command printed.</summary>
    public async Task<string?> RunAsync(IEnumerable<(string Instruction, string Arguments)> steps, IReadOnlyDictionary<string, string> buildArgs)
    {
        foreach (var (instruction, arguments) in steps)
        {
            switch (instruction)
            {
                case "ARG":
                    var (name, fallback) = Assignment(arguments);
                    _environment[name] = buildArgs.TryGetValue(name, out var given) ? given : fallback;
                    break;
                case "ENV":
                    var (key, value) = Assignment(arguments);
                    _environment[key] = value;
                    break;
                case "WORKDIR":
                    _workdir = arguments.StartsWith('/') ? arguments : Path.Combine(_workdir, arguments);
                    Directory.CreateDirectory(HostPath(_workdir));
                    break;
                case "COPY":
                    Copy(arguments);
                    break;
                case "RUN":
                    var (exitCode, output) = await ProcessRunner.RunAsync("/bin/sh", ["-c", InRoot(arguments)], HostPath(_workdir), _environment);
                    if (exitCode != 0)
                    {
                        return $"RUN {arguments}\nexited with {exitCode}:\n{output[Math.Max(0, output.Length - 4000)..]}";
                    }

                    break;
                default:
                    throw new NotSupportedException($"The replay cannot run '{instruction}' steps: teach it, so the test stays faithful.");
            }
        }

        return null;
    }

    private void Copy(string arguments)
    {
        if (arguments.StartsWith("--", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"COPY {arguments}: options are not replayed.");
        }

        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var destination = words[^1].StartsWith('/') ? words[^1] : Path.Combine(_workdir, words[^1]);
        var ignore = DockerIgnore.Load(contextDirectory);
        foreach (var source in words[..^1])
        {
            if (source.IndexOfAny(['*', '?', '[']) >= 0)
            {
                throw new NotSupportedException($"COPY {source}: wildcards are not replayed.");
            }

            var full = Path.Combine(contextDirectory, source);
            if (Directory.Exists(full))
            {
                foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(contextDirectory, file);
                    if (!ignore.Excludes(relative))
                    {
                        CopyFile(file, HostPath(Path.Combine(destination, Path.GetRelativePath(full, file))));
                    }
                }
            }
            else if (File.Exists(full) && !ignore.Excludes(source))
            {
                var target = words.Length > 2 || destination.EndsWith('/') ? Path.Combine(destination, Path.GetFileName(source)) : destination;
                CopyFile(full, HostPath(target));
            }
            else
            {
                throw new FileNotFoundException($"COPY {source}: no such file in the build context (or .dockerignore excludes it).");
            }
        }
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }

    private string HostPath(string containerPath) => Path.Combine(rootDirectory, containerPath.TrimStart('/'));

    /// <summary>Absolute paths of the image (<c>/app</c>, <c>/src</c>) moved under the root; the host's system folders stay.</summary>
    private string InRoot(string command) =>
        ContainerPath().Replace(command, m => rootDirectory + "/" + m.Groups[1].Value);

    private static (string Name, string Value) Assignment(string text)
    {
        var parts = text.Split('=', 2);
        return (parts[0].Trim(), parts.Length > 1 ? parts[1].Trim().Trim('"') : "");
    }

    /// <summary>Lines with their <c>\</c> continuations joined, without comments, parser directives and blank lines.</summary>
    private static IEnumerable<string> LogicalLines(string text)
    {
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            yield return (pending + line.Trim()).Trim();
            pending = "";
        }
    }

    [GeneratedRegex(@"(?<![\w.$}/-])/(?!(?:usr|bin|etc|tmp|dev|proc|lib|opt|root|home|var|sys)\b)([A-Za-z_][\w.-]*)")]
    private static partial Regex ContainerPath();
}
