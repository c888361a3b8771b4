namespace Observatory.Deploy.Tests;

/// <summary>
/// deploy/Dockerfile builds every host: its build stage replayed step by step (COPY, RUN) with the local SDK, so a
/// project file the restore step forgets, or a path that moved, fails here as it would in <c>docker build</c>.
/// </summary>
public sealed class DockerfileTests
{
    [Fact]
    public async Task Build_stage_publishes_each_host()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "deploy", "Dockerfile"));
        var steps = DockerfileReplay.StageSteps(dockerfile, "build");
        var root = Directory.CreateTempSubdirectory("observatory-docker-build-");
        try
        {
            // One root for the three images: the second and third publish reuse what the first compiled.
            foreach (var (project, assembly) in new[] { ("Silo", "Observatory.Silo"), ("Gateway.Otlp", "Observatory.Gateway.Otlp"), ("Gateway.Api", "Observatory.Gateway.Api") })
            {
                var appFolder = Path.Combine(root.FullName, "app");
                if (Directory.Exists(appFolder))
                {
                    Directory.Delete(appFolder, recursive: true);
                }

                var failure = await new DockerfileReplay(RepositoryRoot.Path, root.FullName)
                    .RunAsync(steps, new Dictionary<string, string> { ["PROJECT"] = project });
                Assert.True(failure is null, $"PROJECT={project}: {failure}");
                Assert.Equal(assembly, (await File.ReadAllTextAsync(Path.Combine(appFolder, ".assembly-name"))).Trim());
                Assert.True(File.Exists(Path.Combine(appFolder, assembly + ".dll")), $"{assembly}.dll was not published");
                // Each host ships its own settings (the silo's is not overwritten by the gateways' it co-hosts).
                var settings = await File.ReadAllTextAsync(Path.Combine(appFolder, "appsettings.json"));
                Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "src", project, "appsettings.json")), settings);
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Dockerignore_keeps_host_build_output_out_of_the_context()
    {
        var ignore = DockerIgnore.Load(RepositoryRoot.Path);
        Assert.True(ignore.Excludes("src/Silo/obj/project.assets.json"));
        Assert.True(ignore.Excludes("src/Silo/bin/Release/net10.0/Observatory.Silo.dll"));
        Assert.True(ignore.Excludes(".observatory/pg/data/PG_VERSION"));
        Assert.False(ignore.Excludes("src/Silo/Silo.csproj"));
        Assert.False(ignore.Excludes("src/Storage/Migrations/0001_orleans_main.sql"));
    }
}
