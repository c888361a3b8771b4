using Observatory.Core.Pricing;
using Observatory.Grains.Contracts;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.TestingHost;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>Three silos to start with, so grains can move when one dies.</summary>
public sealed class ThreeSiloClusterFixture : ObservatoryClusterFixture
{
    protected override int InitialSilos => 3;
}

/// <summary>
/// Grains move between silos: the silos hosting a project's model, directory and policy grains are killed (a fourth
/// joined first), and the grains answer the same from another silo, because their truth is in PostgreSQL, not in the
/// memory of the silo that died. Ingest (a stateless worker on every silo) goes on and counts on top exactly.
/// </summary>
public sealed class GrainMoveTests(ThreeSiloClusterFixture fx) : IClassFixture<ThreeSiloClusterFixture>
{
    [Fact]
    public async Task Model_directory_and_policy_grains_answer_the_same_after_their_silos_die()
    {
        var project = NewProject();
        await using (var insert = fx.Sql.CreateCommand("INSERT INTO projects (project_id, name) VALUES ($1, $1)"))
        {
            insert.Parameters.AddWithValue(project);
            await insert.ExecuteNonQueryAsync();
        }

        var calls = ModelCall.Random(new Random(7), 40, "openai", "gpt-4o", "chat-api", minute: 3);
        Assert.Equal(40, (await fx.Client.GetGrain<IIngestGrain>(0).Ingest(project, ModelCall.ToSpans(calls).AsImmutable())).Accepted);
        var model = new ModelId("openai", "gpt-4o");
        var (from, to) = (BaseTime, BaseTime.AddHours(1));
        var price = new CustomPrice("openai", "gpt-4o", new TokenRates(1.25m, 5m));

        var statsBefore = await fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, model)).GetStats(from, to, null);
        var directoryBefore = await fx.Client.GetGrain<IModelDirectoryGrain>(project).List();
        var policyBefore = await fx.Client.GetGrain<IProjectPolicyGrain>(project).PutPrice(price);
        Assert.Equal(40, statsBefore.RequestCount);

        // Where do they live? Kill every silo hosting one of them, after a fourth silo joined to take them.
        var hosts = await HostsAsync(project);
        Assert.NotEmpty(hosts);
        await fx.Cluster.StartAdditionalSiloAsync();
        foreach (var silo in fx.Cluster.Silos.Where(s => hosts.Contains(s.SiloAddress)).ToList())
        {
            await fx.Cluster.KillSiloAsync(silo);
        }

        var statsAfter = await EventuallyAsync(() => fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, model)).GetStats(from, to, null));
        Assert.Equal(statsBefore, statsAfter);
        Assert.Equal(directoryBefore, await EventuallyAsync(() => fx.Client.GetGrain<IModelDirectoryGrain>(project).List()));
        var policyAfter = await EventuallyAsync(() => fx.Client.GetGrain<IProjectPolicyGrain>(project).GetSnapshot());
        Assert.Equal(Rates(policyBefore), Rates(policyAfter));
        Assert.True(policyAfter.Version > policyBefore.Version, "a new activation must not repeat an older version");
        Assert.DoesNotContain(await HostsAsync(project), hosts.Contains);

        // Ingest on the surviving silos adds exactly what it acknowledges.
        var more = ModelCall.Random(new Random(8), 10, "openai", "gpt-4o", "chat-api", minute: 4);
        Assert.Equal(10, (await EventuallyAsync(() => fx.Client.GetGrain<IIngestGrain>(0).Ingest(project, ModelCall.ToSpans(more).AsImmutable()))).Accepted);
        var total = await fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, model)).GetStats(from, to, null);
        Assert.Equal(50, total.RequestCount);
        Assert.Equal(calls.Concat(more).Sum(c => c.Input ?? 0), total.InputTokens);
    }

    private static string[] Rates(ProjectPolicySnapshot snapshot) =>
        snapshot.Prices.Select(p => $"{p.Provider}/{p.Model}: {p.Rates.InputPerMillion}/{p.Rates.OutputPerMillion}").ToArray();

    /// <summary>The silos holding an activation of one of the project's keyed grains.</summary>
    private async Task<HashSet<SiloAddress>> HostsAsync(string project)
    {
        var statistics = await fx.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics
            .Where(s => s.GrainId.Key.ToString() is { } key && (key == project || key.StartsWith(project + "/", StringComparison.Ordinal)))
            .Select(s => s.SiloAddress)
            .ToHashSet();
    }

    /// <summary>Calls until the cluster has noticed the dead silos and placed the grain anew.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                return await call().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
