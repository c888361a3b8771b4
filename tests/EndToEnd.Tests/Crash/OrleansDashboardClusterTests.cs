using System.Net;
using System.Text.Json;
using Observatory.TestSupport;
using Xunit.Abstractions;

namespace Observatory.EndToEnd.Tests.Crash;

/// <summary>
/// The Orleans dashboard each silo serves at <c>/dashboard</c> shows the whole cluster, not just its own silo: three
/// silos in <c>silo</c> mode as real processes, each dashboard's <c>DashboardCounters</c> (the JSON its silo page
/// draws) lists all three as Active; after one is killed with kill -9 the survivors' dashboards show it dead or drop it.
/// No gateways and no load: the failover run (<see cref="FailoverTests"/>) covers those.
/// </summary>
[Trait("Category", "Crash")]
public sealed class OrleansDashboardClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Membership declares a silo dead in about 6 s (SiloHostingExtensions.ConfigureMembership); room for a busy CI box.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Every_silos_dashboard_lists_every_live_silo_and_shows_a_killed_one_dead_or_gone()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = "dashboard-" + Guid.NewGuid().ToString("N");
        var silos = Enumerable.Range(0, 3).Select(_ => new ProductProcess(ProductRole.Silo, database.ConnectionString, clusterId)).ToArray();
        try
        {
            await Task.WhenAll(silos.Select(s => s.StartAsync(StartTimeout)));
            var ports = silos.Select(s => s.SiloPort).ToArray();

            // A silo's dashboard learns of the others through the membership table, so give it until the view settles.
            foreach (var silo in silos)
            {
                var hosts = await WaitForHostsAsync(silo, h => ports.All(p => IsActive(h, p)));
                Assert.All(ports, port => Assert.True(IsActive(hosts, port), $"silo :{port} is not Active on :{silo.SiloHttpPort}'s dashboard: {Describe(hosts)}"));
                output.WriteLine($"dashboard of :{silo.SiloHttpPort}: {Describe(hosts)}");
            }

            var victim = silos[0];
            await victim.KillAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var survivor in silos.Skip(1))
            {
                var hosts = await WaitForHostsAsync(survivor, h => !IsActive(h, victim.SiloPort) && silos.Skip(1).All(s => IsActive(h, s.SiloPort)));
                Assert.False(IsActive(hosts, victim.SiloPort), $"the killed silo :{victim.SiloPort} is still Active on :{survivor.SiloHttpPort}'s dashboard: {Describe(hosts)}");
                Assert.All(silos.Skip(1), s => Assert.True(IsActive(hosts, s.SiloPort), $"live silo :{s.SiloPort} missing on :{survivor.SiloHttpPort}'s dashboard: {Describe(hosts)}"));
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s after kill -9, dashboard of :{survivor.SiloHttpPort}: {Describe(hosts)}");
            }
        }
        catch
        {
            foreach (var silo in silos)
            {
                output.WriteLine(silo.Output[Math.Max(0, silo.Output.Length - 3000)..]);
            }

            throw;
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>A silo as the dashboard names it: its Orleans address (<c>ip:port@generation</c>) and membership status.</summary>
    private sealed record DashboardHost(string Address, string Status);

    /// <summary>
    /// Polls <c>GET /dashboard/DashboardCounters</c> until <paramref name="settled"/> holds or <see cref="SettleTimeout"/>
    /// passes, and returns the last hosts read. The dashboard answers 503 while its cluster-wide grain moves off a dead silo.
    /// </summary>
    private static async Task<List<DashboardHost>> WaitForHostsAsync(ProductProcess silo, Func<List<DashboardHost>, bool> settled)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.SiloHttpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + SettleTimeout;
        var hosts = new List<DashboardHost>();
        var lastAnswer = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("/dashboard/DashboardCounters");
                var body = await response.Content.ReadAsStringAsync();
                lastAnswer = $"{(int)response.StatusCode} {body}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    hosts = ReadHosts(body);
                    if (settled(hosts))
                    {
                        return hosts;
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                lastAnswer = ex.Message;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"the dashboard of :{silo.SiloHttpPort} did not settle within {SettleTimeout}; last answer: {lastAnswer[..Math.Min(lastAnswer.Length, 2000)]}");
        return hosts;
    }

    /// <summary>The <c>hosts</c> of Orleans.Dashboard's DashboardCounters (camelCase JSON): one entry per silo it knows.</summary>
    private static List<DashboardHost> ReadHosts(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("hosts").EnumerateArray()
            .Select(h => new DashboardHost(h.GetProperty("siloAddress").GetString()!, h.GetProperty("status").GetString()!))
            .ToList();
    }

    private static bool IsActive(List<DashboardHost> hosts, int siloPort) =>
        hosts.Any(h => h.Address.Contains($":{siloPort}@", StringComparison.Ordinal) && h.Status == "Active");

    private static string Describe(List<DashboardHost> hosts) => string.Join(", ", hosts.Select(h => $"{h.Address} {h.Status}"));
}
