using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Observatory.TestSupport;
using Orleans.Clustering.AdoNet.Storage;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;

namespace Observatory.Storage.Tests;

/// <summary>The Orleans provider scripts as DbUp applies them, and the query catalogue they leave behind.</summary>
public sealed partial class MigrationTests
{
    private static readonly string[] OrleansScripts =
    [
        "0001_orleans_main.sql",
        "0002_orleans_clustering.sql",
        "0003_orleans_persistence.sql",
        "0004_orleans_reminders.sql",
    ];

    /// <summary>Every key the 10.x providers read, and the parameters each may use.</summary>
    private static readonly Dictionary<string, string[]> ExpectedQueries = new(StringComparer.Ordinal)
    {
        ["InsertMembershipVersionKey"] = ["DeploymentId"],
        ["InsertMembershipKey"] = ["DeploymentId", "Address", "Port", "Generation", "SiloName", "HostName", "Status", "ProxyPort", "StartTime", "IAmAliveTime", "Version"],
        ["UpdateMembershipKey"] = ["DeploymentId", "Address", "Port", "Generation", "Status", "SuspectTimes", "IAmAliveTime", "Version"],
        ["UpdateIAmAlivetimeKey"] = ["DeploymentId", "Address", "Port", "Generation", "IAmAliveTime"],
        ["MembershipReadRowKey"] = ["DeploymentId", "Address", "Port", "Generation"],
        ["MembershipReadAllKey"] = ["DeploymentId"],
        ["GatewaysQueryKey"] = ["DeploymentId", "Status"],
        ["DeleteMembershipTableEntriesKey"] = ["DeploymentId"],
        ["CleanupDefunctSiloEntriesKey"] = ["DeploymentId", "IAmAliveTime"],
        ["CleanupDefunctSiloEntryKey"] = ["DeploymentId", "Address", "Port", "Generation", "StartTime", "IAmAliveTime", "SuspectTimes"],
        ["WriteToStorageKey"] = ["GrainIdHash", "GrainIdN0", "GrainIdN1", "GrainTypeHash", "GrainTypeString", "GrainIdExtensionString", "ServiceId", "GrainStateVersion", "PayloadBinary"],
        ["ReadFromStorageKey"] = ["GrainIdHash", "GrainIdN0", "GrainIdN1", "GrainTypeHash", "GrainTypeString", "GrainIdExtensionString", "ServiceId"],
        ["ClearStorageKey"] = ["GrainIdHash", "GrainIdN0", "GrainIdN1", "GrainTypeHash", "GrainTypeString", "GrainIdExtensionString", "ServiceId", "GrainStateVersion"],
        ["DeleteStorageKey"] = ["GrainIdHash", "GrainIdN0", "GrainIdN1", "GrainTypeHash", "GrainTypeString", "GrainIdExtensionString", "ServiceId", "GrainStateVersion"],
        ["UpsertReminderRowKey"] = ["ServiceId", "GrainId", "ReminderName", "StartTime", "Period", "GrainHash"],
        ["ReadReminderRowKey"] = ["ServiceId", "GrainId", "ReminderName"],
        ["ReadReminderRowsKey"] = ["ServiceId", "GrainId"],
        ["ReadRangeRows1Key"] = ["ServiceId", "BeginHash", "EndHash"],
        ["ReadRangeRows2Key"] = ["ServiceId", "BeginHash", "EndHash"],
        ["DeleteReminderRowKey"] = ["ServiceId", "GrainId", "ReminderName", "Version"],
        ["DeleteReminderRowsKey"] = ["ServiceId"],
    };

    [Fact]
    public async Task Migrations_apply_cleanly_and_only_once()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(migrate: false);

        var first = DatabaseMigrator.Migrate(db.ConnectionString);
        foreach (var script in OrleansScripts)
        {
            Assert.Contains(first, name => name.EndsWith("." + script, StringComparison.Ordinal));
        }

        // The Orleans scripts run first, in name order, before the product schema.
        var orleans = first.Where(n => OrleansScripts.Any(s => n.EndsWith("." + s, StringComparison.Ordinal))).ToList();
        Assert.Equal(first.Take(OrleansScripts.Length), orleans);

        var second = DatabaseMigrator.Migrate(db.ConnectionString);
        Assert.Empty(second);
    }

    [Fact]
    public async Task OrleansQuery_holds_every_key_with_its_text_intact()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var queries = await ReadQueriesAsync(db.ConnectionString);

        Assert.Equal(ExpectedQueries.Keys.Order(StringComparer.Ordinal), queries.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, text) in queries)
        {
            var used = ParameterRegex().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToHashSet(StringComparer.Ordinal);
            Assert.True(used.SetEquals(ExpectedQueries[key]),
                $"{key} uses @{string.Join(", @", used.Order())}; expected @{string.Join(", @", ExpectedQueries[key].Order())}");
        }

        // DbUp must not have split or mangled texts at the semicolons and quotes inside the string literals.
        Assert.Equal(2, Regex.Count(queries["DeleteMembershipTableEntriesKey"], "DELETE FROM", RegexOptions.IgnoreCase));
        Assert.Contains("COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '')", queries["CleanupDefunctSiloEntryKey"], StringComparison.Ordinal);
        Assert.Contains("writetostorage(", queries["WriteToStorageKey"], StringComparison.Ordinal);
    }

    [Fact]
    public void Expected_keys_match_what_the_provider_binaries_require()
    {
        // Clustering (and reminders): DbStoredQueries turns every instance property into a required key.
        var clustering = typeof(AdoNetClusteringTable).Assembly
            .GetType("Orleans.Clustering.AdoNet.Storage.DbStoredQueries", throwOnError: true)!
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name);
        var reminders = typeof(Orleans.Configuration.AdoNetReminderTableOptions).Assembly
            .GetType("Orleans.Reminders.AdoNet.Storage.DbStoredQueries", throwOnError: true)!
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name);
        // Persistence: the keys are named in its initialization query.
        var persistence = QuotedKeyRegex().Matches(AdoNetGrainStorage.DefaultInitializationQuery).Select(m => m.Groups[1].Value);

        var required = clustering.Concat(reminders).Concat(persistence).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(ExpectedQueries.Keys.ToHashSet(StringComparer.Ordinal), required);
        Assert.Contains("CleanupDefunctSiloEntriesKey", required);
    }

    [Fact]
    public async Task Membership_provider_keeps_the_table_version_consistent()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var table = CreateMembershipTable(db.ConnectionString, "contract-" + Guid.NewGuid().ToString("N"));

        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true); // version row exists: no-op
        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var now = Truncate(DateTime.UtcNow);
        var alive = Entry(11111, SiloStatus.Active, now);
        Assert.True(await table.InsertRowAsync(alive, empty.Version.Next()));
        // Same version again: lost race, nothing changes.
        Assert.False(await table.InsertRowAsync(Entry(11112, SiloStatus.Active, now), empty.Version.Next()));
        var afterInsert = await table.ReadAllAsync();
        Assert.Single(afterInsert.Members);
        Assert.Equal(1, afterInsert.Version.Version);
        // Inserting an existing row with a current version fails and leaves the version alone.
        Assert.False(await table.InsertRowAsync(alive, afterInsert.Version.Next()));
        Assert.Equal(1, (await table.ReadAllAsync()).Version.Version);

        var (entry, etag) = afterInsert.Members[0];
        Assert.Equal("silo-11111", entry.SiloName);
        Assert.Equal(30000, entry.ProxyPort);
        Assert.Equal(now, entry.StartTime.ToUniversalTime());

        entry.Status = SiloStatus.ShuttingDown;
        entry.AddOrUpdateSuspector(Entry(22222, SiloStatus.Active, now).SiloAddress, now, maxVotes: 2);
        Assert.False(await table.UpdateRowAsync(entry, etag, empty.Version.Next())); // stale version
        Assert.True(await table.UpdateRowAsync(entry, etag, afterInsert.Version.Next()));
        var updated = (await table.ReadRowAsync(alive.SiloAddress)).Members.Single().Item1;
        Assert.Equal(SiloStatus.ShuttingDown, updated.Status);
        Assert.Single(updated.SuspectTimes ?? []);

        // Heartbeats only move forward and do not bump the version.
        updated.IAmAliveTime = now.AddMinutes(5);
        await table.UpdateIAmAliveAsync(updated);
        updated.IAmAliveTime = now.AddMinutes(1);
        await table.UpdateIAmAliveAsync(updated);
        var afterHeartbeat = await table.ReadRowAsync(alive.SiloAddress);
        Assert.Equal(now.AddMinutes(5), afterHeartbeat.Members.Single().Item1.IAmAliveTime.ToUniversalTime());
        Assert.Equal(2, afterHeartbeat.Version.Version);

        // A missing row cannot be updated, and the failed attempt leaves the version alone.
        Assert.False(await table.UpdateRowAsync(Entry(33333, SiloStatus.Dead, now), "2", afterHeartbeat.Version.Next()));
        Assert.Equal(2, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task Membership_provider_cleans_up_only_old_dead_silos()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var clusterId = "cleanup-" + Guid.NewGuid().ToString("N");
        var table = CreateMembershipTable(db.ConnectionString, clusterId);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);

        var old = Truncate(DateTime.UtcNow.AddHours(-2));
        foreach (var entry in new[]
                 {
                     Entry(1, SiloStatus.Dead, old),
                     Entry(2, SiloStatus.Active, old),
                     Entry(3, SiloStatus.Dead, Truncate(DateTime.UtcNow)),
                 })
        {
            // Next() keeps the ETag of the version it replaces, so each insert needs a fresh read.
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));
        var left = (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order().ToList();
        Assert.Equal([2, 3], left);

        // The bulk query (used when CleanupDefunctSiloEntryKey is absent) has the same rule.
        await using (var conn = new NpgsqlConnection(db.ConnectionString))
        {
            await conn.OpenAsync();
            var legacy = (await ReadQueriesAsync(db.ConnectionString))["CleanupDefunctSiloEntriesKey"];
            await using var cmd = new NpgsqlCommand(legacy, conn);
            cmd.Parameters.AddWithValue("DeploymentId", clusterId);
            cmd.Parameters.AddWithValue("IAmAliveTime", DateTime.UtcNow.AddMinutes(1));
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync()); // silo 3: dead, and now older than the cut-off
        }

        await table.DeleteMembershipTableEntriesAsync(clusterId);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM OrleansMembershipVersionTable WHERE DeploymentId = $1", clusterId));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = $1", clusterId));
    }

    private static AdoNetClusteringTable CreateMembershipTable(string connectionString, string clusterId) =>
        new(
            new ServiceCollection().BuildServiceProvider(),
            Microsoft.Extensions.Options.Options.Create(new Orleans.Configuration.ClusterOptions { ClusterId = clusterId, ServiceId = "svc" }),
            Microsoft.Extensions.Options.Options.Create(new Orleans.Configuration.AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = connectionString }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AdoNetClusteringTable>.Instance);

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime time) => new()
    {
        SiloAddress = SiloAddress.New(System.Net.IPAddress.Loopback, port, 42),
        SiloName = $"silo-{port}",
        HostName = "host",
        Status = status,
        ProxyPort = 30000,
        StartTime = time,
        IAmAliveTime = time,
    };

    // The columns keep milliseconds.
    private static DateTime Truncate(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static async Task<Dictionary<string, string>> ReadQueriesAsync(string connectionString)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    [GeneratedRegex(@"@([A-Za-z][A-Za-z0-9]*)")]
    private static partial Regex ParameterRegex();

    [GeneratedRegex(@"'([A-Za-z0-9]+Key)'")]
    private static partial Regex QuotedKeyRegex();
}
