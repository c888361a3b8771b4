using System.Xml.Linq;

namespace Observatory.Deploy.Tests;

/// <summary>
/// The split the Orleans samples use: gateways are Orleans clients that see grain contracts only. A gateway that
/// references (even transitively) the grain implementations or the storage writers fails here.
/// </summary>
public sealed class ProjectLayoutTests
{
    public static TheoryData<string> Gateways => new() { "Gateway.Otlp", "Gateway.Api" };

    [Theory]
    [MemberData(nameof(Gateways))]
    public void Gateway_references_contracts_not_grains_or_writers(string gateway)
    {
        var closure = ProjectClosure(gateway);

        Assert.Contains("Grains.Abstractions", closure);
        Assert.Contains("Grains.Client", closure);
        Assert.DoesNotContain("Grains", closure);
        Assert.DoesNotContain("Storage.Writers", closure);
        Assert.DoesNotContain("Silo", closure);
    }

    [Fact]
    public void Contracts_reference_nothing_but_the_domain()
    {
        Assert.Equal(["Observatory.Core"], ProjectClosure("Grains.Abstractions").Order());
    }

    [Fact]
    public void Silo_hosts_grains_writers_and_both_gateways()
    {
        var closure = ProjectClosure("Silo");

        Assert.Superset(new HashSet<string> { "Grains", "Storage.Writers", "Gateway.Otlp", "Gateway.Api" }, closure);
    }

    /// <summary>Every project <paramref name="project"/> references, directly or through others (folder names under src/).</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(References(project));
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var reference in References(next))
                {
                    pending.Push(reference);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<string> References(string project)
    {
        var file = Path.Combine(RepositoryRoot.Path, "src", project, project + ".csproj");
        Assert.True(File.Exists(file), $"{file} is missing");
        return XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!))
            .ToList();
    }
}
