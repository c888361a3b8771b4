using Microsoft.Extensions.Logging;
using Npgsql;
using Observatory.Core.Budgets;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Storage.Budgets;

namespace Observatory.Grains.Budgets;

/// <summary>
/// A project's budgets in memory, loaded on activation and written through on change; every change is handed to the
/// budget's own grain, which reads its spend again before the change returns.
/// </summary>
/// <remarks>
/// <see cref="Route"/> and the changes take turns (only reads interleave), which is what keeps a new or changed budget
/// exact: a batch routed before the change holds calls committed before it, so the budget's read of the spans counts
/// them; a batch routed after is matched against the new definition, and the budget ignores the calls its read already
/// counted (<see cref="BudgetSpend"/>).
/// </remarks>
public sealed partial class BudgetDirectoryGrain(BudgetStore store, ILogger<BudgetDirectoryGrain> logger) : Grain, IBudgetDirectoryGrain
{
    private BudgetList _list = new(0, []);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            _list = new BudgetList(DateTime.UtcNow.Ticks, [.. await store.ListAsync(ProjectId, cancellationToken)]);
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"Could not load the budgets of project '{ProjectId}': {ex.Message}");
        }
    }

    public Task<BudgetList> List() => Task.FromResult(_list);

    public async Task<BudgetDefinition?> Save(BudgetDefinition budget, bool create)
    {
        var exists = _list.Budgets.Any(b => b.BudgetId == budget.BudgetId);
        if (exists == create)
        {
            return null;
        }

        var stored = await Write(() => store.SaveAsync(budget with { ProjectId = ProjectId }, CancellationToken.None));
        Replace([.. _list.Budgets.Where(b => b.BudgetId != stored.BudgetId), stored]);
        await Budget(stored.BudgetId).Define(stored);
        return stored;
    }

    public async Task<bool> Delete(string budgetId)
    {
        if (!await Write(() => store.DeleteAsync(ProjectId, budgetId, CancellationToken.None)))
        {
            return false;
        }

        Replace([.. _list.Budgets.Where(b => b.BudgetId != budgetId)]);
        await Budget(budgetId).Retire();
        return true;
    }

    public async Task Route(Immutable<BudgetCall[]> calls)
    {
        if (_list.Budgets.Length == 0)
        {
            return;
        }

        var spans = calls.Value.Select(c => (Call: c, Span: c.ToSpan())).ToArray();
        var deliveries = new List<Task>();
        foreach (var budget in _list.Budgets)
        {
            var share = spans.Where(s => budget.Scope.Matches(s.Span)).Select(s => s.Call.ToIncrement()).ToArray();
            if (share.Length > 0)
            {
                deliveries.Add(AddAsync(budget.BudgetId, share));
            }
        }

        await Task.WhenAll(deliveries);
    }

    private async Task AddAsync(string budgetId, BudgetIncrement[] share)
    {
        try
        {
            await Budget(budgetId).Add(new Immutable<BudgetIncrement[]>(share));
        }
        catch (Exception ex)
        {
            // Not retried (it may have been counted): the budget reads the stored spans again instead.
            LogAddFailed(logger, share.Length, budgetId, ex);
            try
            {
                await Budget(budgetId).Reconcile();
            }
            catch (Exception again)
            {
                LogAddFailed(logger, share.Length, budgetId, again);
            }
        }
    }

    public async Task<BudgetCheckReply[]> CheckMatching(BudgetScope call) =>
        await Task.WhenAll(_list.Budgets.Where(b => b.Scope.AppliesTo(call)).Select(b => Budget(b.BudgetId).Check()));

    public Task ReconcileAll() => Task.WhenAll(_list.Budgets.Select(b => Budget(b.BudgetId).Reconcile()));

    private string ProjectId => this.GetPrimaryKeyString();

    private IBudgetGrain Budget(string budgetId) => GrainFactory.GetGrain<IBudgetGrain>(BudgetKeys.Budget(ProjectId, budgetId));

    private void Replace(BudgetDefinition[] budgets) =>
        _list = new BudgetList(Math.Max(_list.Version + 1, DateTime.UtcNow.Ticks), [.. budgets.OrderBy(b => b.CreatedAt).ThenBy(b => b.BudgetId, StringComparer.Ordinal)]);

    private async Task<T> Write<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"Could not write the budgets of project '{ProjectId}': {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} calls could not be added to budget {BudgetId}; it reads the stored spans again")]
    private static partial void LogAddFailed(ILogger logger, int count, string budgetId, Exception ex);
}
