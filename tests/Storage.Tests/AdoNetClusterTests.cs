using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Observatory.Storage.Tests;

/// <summary>The 10.x ADO.NET provider binaries running a 2-silo cluster on the project's PostgreSQL scripts.</summary>
public sealed class AdoNetClusterTests(AdoNetClusterFixture fixture) : IClassFixture<AdoNetClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task Two_silos_form_a_cluster_through_the_membership_table()
    {
        var hosts = await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);

        // The membership really lives in PostgreSQL (not in the test cluster's in-memory table).
        var activeRows = await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = $1 AND Status = 3", fixture.ClusterId);
        Assert.Equal(2, activeRows);
        foreach (var silo in hosts.Keys)
        {
            var row = await fixture.Database.ScalarAsync<long>(
                "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = $1 AND Address = $2 AND Port = $3 AND Generation = $4",
                fixture.ClusterId, silo.Endpoint.Address.ToString(), silo.Endpoint.Port, silo.Generation);
            Assert.Equal(1, row);
        }

        // Every join bumped the table version (optimistic concurrency on the version row).
        var version = await fixture.Database.ScalarAsync<int>(
            "SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = $1", fixture.ClusterId);
        Assert.True(version >= 2, $"table version {version}");

        // The client found its gateways through GatewaysQueryKey: a call that needs a silo succeeds.
        Assert.Equal(0, (await Grains.GetGrain<IStateGrain>("gateway-probe").Get()).Value);
    }

    [Fact]
    public async Task Grain_state_round_trips_detects_etag_conflicts_and_clears()
    {
        const string key = "state-round-trip";
        var grain = Grains.GetGrain<IStateGrain>(key);

        Assert.False(await grain.RecordExists());
        Assert.Null(await grain.ETag());

        await grain.Set(42, "semi;colon 'quoted'");
        Assert.Equal("1", await grain.ETag());
        var stored = await fixture.Database.ScalarAsync<int>(
            "SELECT Version FROM OrleansStorage WHERE ServiceId = $1 AND GrainTypeString = 'teststate' AND GrainIdExtensionString = $2",
            fixture.ServiceId, key);
        Assert.Equal(1, stored);

        // Read back by a fresh activation.
        await fixture.Cluster.DeactivateAsync(grain);
        var read = await grain.Get();
        Assert.Equal(42, read.Value);
        Assert.Equal("semi;colon 'quoted'", read.Note);
        Assert.Equal("1", await grain.ETag());
        Assert.True(await grain.RecordExists());

        await grain.Set(43, "second");
        Assert.Equal("2", await grain.ETag());

        // Someone else writes the row behind the activation's back: its ETag is stale now.
        await fixture.Database.ScalarAsync<int>(
            "UPDATE OrleansStorage SET Version = Version + 1 WHERE ServiceId = $1 AND GrainTypeString = 'teststate' AND GrainIdExtensionString = $2 RETURNING Version",
            fixture.ServiceId, key);
        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Set(44, "stale"));

        // A fresh activation reads the current version and may write again.
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(43, (await grain.Get()).Value);
        Assert.Equal("3", await grain.ETag());
        await grain.Set(45, "after conflict");
        Assert.Equal("4", await grain.ETag());

        // Clear keeps the row (payload NULL, version bumped); the state reads back as default.
        await grain.Clear();
        Assert.Equal("5", await grain.ETag());
        Assert.False(await grain.RecordExists());
        var payloadIsNull = await fixture.Database.ScalarAsync<bool>(
            "SELECT PayloadBinary IS NULL FROM OrleansStorage WHERE ServiceId = $1 AND GrainTypeString = 'teststate' AND GrainIdExtensionString = $2",
            fixture.ServiceId, key);
        Assert.True(payloadIsNull);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(0, (await grain.Get()).Value);
        Assert.False(await grain.RecordExists());
        Assert.Equal("5", await grain.ETag());

        // Writing after a clear continues from the cleared row's version.
        await grain.Set(46, "after clear");
        Assert.Equal("6", await grain.ETag());
    }

    [Fact]
    public async Task Clear_with_DeleteStateOnClear_removes_the_row()
    {
        var grain = Grains.GetGrain<IDeletingStateGrain>(7001);
        await grain.Set(5);
        await grain.Set(6);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(6, await grain.Get());

        // Integer key without extension: N1 holds the key, the extension string is NULL.
        const string countSql =
            "SELECT count(*) FROM OrleansStorage WHERE ServiceId = $1 AND GrainTypeString = 'deletestate' AND GrainIdN1 = 7001 AND GrainIdExtensionString IS NULL";
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(countSql, fixture.ServiceId));

        await grain.Clear();
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>(countSql, fixture.ServiceId));

        // And a new first write after the delete inserts again.
        await grain.Set(7);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(7, await grain.Get());
    }

    [Fact]
    public async Task Grain_storage_provider_reports_lost_races()
    {
        // The provider itself, as a silo resolved it: covers the paths a well-behaved grain never takes.
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("store");
        var grainId = GrainId.Create("direct", "race");

        var first = new GrainState<CounterState>(new CounterState { Value = 1 });
        await storage.WriteStateAsync("racestate", grainId, first);
        Assert.Equal("1", first.ETag);

        // A second "first write" (no ETag) must lose against the existing row.
        var second = new GrainState<CounterState>(new CounterState { Value = 2 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("racestate", grainId, second));

        // Two writers holding the same version: the second one loses.
        var a = new GrainState<CounterState>(new CounterState());
        var b = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("racestate", grainId, a);
        await storage.ReadStateAsync("racestate", grainId, b);
        Assert.Equal("1", a.ETag);
        a.State!.Value = 10;
        await storage.WriteStateAsync("racestate", grainId, a);
        Assert.Equal("2", a.ETag);
        b.State!.Value = 20;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("racestate", grainId, b));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("racestate", grainId, b));

        var check = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("racestate", grainId, check);
        Assert.Equal(10, check.State!.Value);
        Assert.Equal("2", check.ETag);

        // The same key under another state name is another row (the storage key has no grain type).
        var other = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("otherstate", grainId, other);
        Assert.False(other.RecordExists);
        Assert.Null(other.ETag);
    }

    [Fact]
    public async Task Reminder_is_stored_and_read_back()
    {
        const string key = "reminder-owner";
        var grain = Grains.GetGrain<IReminderGrain>(key);

        await grain.Register("nightly", TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));
        await grain.Register("hourly", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5));
        await grain.Register("hourly", TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)); // update: bumps the version

        Assert.Equal(["hourly", "nightly"], await grain.Names());

        var grainId = ((GrainReference)grain).GrainId.ToString();
        Assert.Equal(3600_000L, await fixture.Database.ScalarAsync<long>(
            "SELECT Period FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2 AND ReminderName = 'hourly'",
            fixture.ServiceId, grainId));
        Assert.Equal(1, await fixture.Database.ScalarAsync<int>(
            "SELECT Version FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2 AND ReminderName = 'hourly'",
            fixture.ServiceId, grainId));

        await grain.Unregister("nightly");
        Assert.Equal(["hourly"], await grain.Names());
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2", fixture.ServiceId, grainId));
    }

    [Fact]
    public async Task Reminder_table_provider_honours_etags_and_hash_ranges()
    {
        var table = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var low = GrainId.Create("direct-reminder", "low");
        var start = new DateTime(2030, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

        var etag = await table.UpsertRow(new ReminderEntry
        {
            GrainId = low,
            ReminderName = "r1",
            StartAt = start,
            Period = TimeSpan.FromDays(30), // > int.MaxValue ms: needs the bigint column
        });
        Assert.Equal("0", etag);

        var row = await table.ReadRow(low, "r1");
        Assert.NotNull(row);
        Assert.Equal(start, row.StartAt.ToUniversalTime());
        Assert.Equal(TimeSpan.FromDays(30), row.Period);
        Assert.Equal(low, row.GrainId);

        var updated = await table.UpsertRow(new ReminderEntry { GrainId = low, ReminderName = "r1", StartAt = start, Period = TimeSpan.FromMinutes(2) });
        Assert.Equal("1", updated);
        Assert.False(await table.RemoveRow(low, "r1", "0"));
        Assert.Single((await table.ReadRows(low)).Reminders);

        // Range reads: the grain's hash falls in a non-wrapping range around it and in a wrapping one.
        var hash = low.GetUniformHashCode();
        var all = await table.ReadRows(hash - 1, hash);
        Assert.Contains(all.Reminders, r => r.GrainId == low);
        var wrapped = await table.ReadRows(hash, hash - 1); // everything except (hash-1, hash]
        Assert.DoesNotContain(wrapped.Reminders, r => r.GrainId == low);
        var wholeRing = await table.ReadRows(hash + 1, hash); // wraps, and includes hash
        Assert.Contains(wholeRing.Reminders, r => r.GrainId == low);

        Assert.True(await table.RemoveRow(low, "r1", "1"));
        Assert.Null(await table.ReadRow(low, "r1"));
    }
}
