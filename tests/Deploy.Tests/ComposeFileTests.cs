using System.Text.RegularExpressions;

namespace Observatory.Deploy.Tests;

/// <summary>
/// Both compose files are valid for docker-compose (Debian's, installed by <c>./observatory test</c>), and the silo
/// service can be scaled: it publishes no fixed host port.
/// </summary>
public sealed partial class ComposeFileTests
{
    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData("docker-compose.yml", "docker-compose.dev.yml")]
    public async Task Compose_files_are_valid(params string[] files)
    {
        var arguments = files.SelectMany(f => new[] { "-f", f }).Concat(["config", "-q"]);
        var (exitCode, output) = await RunComposeAsync(arguments);
        Assert.True(exitCode == 0, $"docker-compose {string.Join(' ', files)} config: {output}");
    }

    [Fact]
    public async Task Silo_publishes_no_fixed_host_port_so_it_scales()
    {
        var (exitCode, output) = await RunComposeAsync(["-f", "docker-compose.yml", "config"]);
        Assert.Equal(0, exitCode);
        var silo = ServiceBlock(output, "silo");
        Assert.Contains("8081", silo);   // the silo's health and dashboard are published, on a port Docker picks
        Assert.DoesNotMatch(FixedHostPort(), silo);
    }

    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData("docker-compose.yml", "docker-compose.dev.yml")]
    public async Task TimescaleDB_is_preloaded_so_the_migrations_make_hypertables(params string[] files)
    {
        // The migrations test shared_preload_libraries, not the image: without the flag the tables would stay plain.
        var (exitCode, output) = await RunComposeAsync(files.SelectMany(f => new[] { "-f", f }).Append("config"));
        Assert.Equal(0, exitCode);
        Assert.Contains("shared_preload_libraries=timescaledb", ServiceBlock(output, "timescaledb"));
    }

    private static Task<(int ExitCode, string Output)> RunComposeAsync(IEnumerable<string> arguments)
    {
        var compose = new[] { "/usr/bin/docker-compose", "/usr/local/bin/docker-compose" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("docker-compose is not installed: './observatory test' installs it (apt-get install docker-compose).");
        return ProcessRunner.RunAsync(compose, arguments, RepositoryRoot.Path, timeout: TimeSpan.FromMinutes(1));
    }

    /// <summary>The lines of one service in <c>docker-compose config</c>'s output (two-space indented YAML).</summary>
    private static string ServiceBlock(string config, string service)
    {
        var lines = config.Split('\n');
        var start = Array.FindIndex(lines, l => l == $"  {service}:");
        Assert.True(start >= 0, $"no service '{service}' in:\n{config}");
        var block = lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal) || l.Length == 0);
        return string.Join('\n', block);
    }

    /// <summary>A published port with a host side: <c>published: 8081</c> (long form) or <c>"8081:8081"</c> (short form).</summary>
    [GeneratedRegex(@"published:\s*'?""?\d+|\b\d+:\d+\b")]
    private static partial Regex FixedHostPort();
}
