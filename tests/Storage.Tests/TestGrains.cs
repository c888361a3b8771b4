using Orleans.Runtime;

namespace Observatory.Storage.Tests;

[GenerateSerializer]
[Alias("Observatory.Storage.Tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string? Note { get; set; }
}

/// <summary>A string-keyed grain whose state goes through the ADO.NET storage "store" (state name "teststate").</summary>
[Alias("Observatory.Storage.Tests.IStateGrain")]
public interface IStateGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<CounterState> Get();

    [Alias("Set")]
    Task Set(int value, string note);

    [Alias("ETag")]
    Task<string?> ETag();

    [Alias("RecordExists")]
    Task<bool> RecordExists();

    [Alias("Clear")]
    Task Clear();
}

public sealed class StateGrain([PersistentState("teststate", "store")] IPersistentState<CounterState> state) : Grain, IStateGrain
{
    public Task<CounterState> Get() => Task.FromResult(state.State);

    public async Task Set(int value, string note)
    {
        state.State.Value = value;
        state.State.Note = note;
        await state.WriteStateAsync();
    }

    public Task<string?> ETag() => Task.FromResult(state.Etag);

    public Task<bool> RecordExists() => Task.FromResult(state.RecordExists);

    public Task Clear() => state.ClearStateAsync();
}

/// <summary>An integer-keyed grain (no key extension, so a NULL extension string) on the storage "deleting",
/// which deletes the row on clear (DeleteStorageKey).</summary>
[Alias("Observatory.Storage.Tests.IDeletingStateGrain")]
public interface IDeletingStateGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    Task<int> Get();

    [Alias("Set")]
    Task Set(int value);

    [Alias("Clear")]
    Task Clear();
}

public sealed class DeletingStateGrain([PersistentState("deletestate", "deleting")] IPersistentState<CounterState> state)
    : Grain, IDeletingStateGrain
{
    public Task<int> Get() => Task.FromResult(state.State.Value);

    public async Task Set(int value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();
}

[Alias("Observatory.Storage.Tests.IReminderGrain")]
public interface IReminderGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    [Alias("Names")]
    Task<List<string>> Names();

    [Alias("Unregister")]
    Task Unregister(string name);
}

public sealed class ReminderGrain : Grain, IReminderGrain, IRemindable
{
    public Task Register(string name, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task<List<string>> Names()
    {
        var reminders = await this.GetReminders();
        return reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal).ToList();
    }

    public async Task Unregister(string name)
    {
        var reminder = await this.GetReminder(name) ?? throw new InvalidOperationException($"no reminder '{name}'");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
