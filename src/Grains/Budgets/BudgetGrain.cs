using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Observatory.Core.Budgets;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Storage.Budgets;

namespace Observatory.Grains.Budgets;

/// <summary>
/// Keeps one budget's spend in memory (<see cref="BudgetSpend"/>): read from the stored spans on activation, when the
/// definition changes and every <see cref="BudgetOptions.ReconcileInterval"/>; in between fed, through the project's
/// <see cref="BudgetDirectoryGrain"/>, with every call ingest stored. A crash loses nothing: the next activation reads the spans. Checks interleave with everything and never
/// touch the database.
/// </summary>
public sealed partial class BudgetGrain(BudgetStore store, BudgetSpendQuery spendQuery, TimeProvider clock, IOptions<BudgetOptions> options,
    ILogger<BudgetGrain> logger) : Grain, IBudgetGrain
{
    private BudgetDefinition? _budget;
    private BudgetSpend _spend = new();
    private IGrainTimer? _periodic;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (projectId, budgetId) = BudgetKeys.Split(this.GetPrimaryKeyString());
        try
        {
            _budget = await store.GetAsync(projectId, budgetId, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            // Npgsql's exceptions do not cross grain calls between processes: say what failed in one that does.
            throw new InvalidOperationException($"Could not load budget '{budgetId}' of project '{projectId}': {ex.Message}");
        }

        if (_budget is not null)
        {
            await ReadSpendAsync(throwOnFailure: true);
            StartPeriodicReconcile();
        }
    }

    public Task<BudgetCheckReply> Check()
    {
        if (_budget is not { } budget)
        {
            return Task.FromResult(BudgetCheckReply.NotFound(BudgetKeys.Split(this.GetPrimaryKeyString()).BudgetId));
        }

        var now = clock.GetUtcNow();
        var window = budget.Period.WindowAt(now);
        var status = BudgetStatus.Of(budget, window, _spend.In(window), now);
        return Task.FromResult(BudgetCheckReply.From(budget, status, _spend.SnapshotAt));
    }

    public Task Add(Immutable<BudgetIncrement[]> calls)
    {
        if (_budget is null)
        {
            return Task.CompletedTask;
        }

        var now = clock.GetUtcNow();
        foreach (var call in calls.Value)
        {
            _spend.Add(call.TraceId, call.SpanId, BudgetMinutes.OfUnixNano(call.StartUnixNano), call.CostUsd, call.Tokens, now);
        }

        return Task.CompletedTask;
    }

    public async Task Define(BudgetDefinition budget)
    {
        _budget = budget;
        _spend = new BudgetSpend();
        await ReadSpendAsync(throwOnFailure: true);
        StartPeriodicReconcile();
    }

    public Task Retire()
    {
        _budget = null;
        _spend = new BudgetSpend();
        _periodic?.Dispose();
        _periodic = null;
        this.DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task Reconcile() => _budget is null ? Task.CompletedTask : ReadSpendAsync(throwOnFailure: true);

    private void StartPeriodicReconcile()
    {
        var every = options.Value.ReconcileInterval;
        // KeepAlive: a budget stays in memory, so a check never waits for a back-fill after the first.
        _periodic ??= this.RegisterGrainTimer(ct => ReadSpendAsync(throwOnFailure: false), new GrainTimerCreationOptions(every, every) { KeepAlive = true });
    }

    private async Task ReadSpendAsync(bool throwOnFailure)
    {
        if (_budget is not { } budget)
        {
            return;
        }

        var spend = _spend;
        var now = clock.GetUtcNow();
        var from = budget.Period.WindowAt(now).StartMinute;
        var recentSince = spend.BeginSnapshot(now);
        try
        {
            var stored = await spendQuery.ReadAsync(budget.ProjectId, budget.Scope, from, recentSince, CancellationToken.None);
            spend.ApplySnapshot(from, stored.Minutes, stored.RecentKeys, clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
        {
            spend.AbandonSnapshot();
            LogReadFailed(logger, budget.BudgetId, budget.ProjectId, ex);
            if (throwOnFailure)
            {
                throw new InvalidOperationException($"Could not read the spend of budget '{budget.BudgetId}': {ex.Message}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the spend of budget {BudgetId} of project {ProjectId} failed; it keeps its live count until the next read")]
    private static partial void LogReadFailed(ILogger logger, string budgetId, string projectId, Exception ex);
}
