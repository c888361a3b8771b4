using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Observatory.Core.Alerts;
using Observatory.Core.Budgets;
using Observatory.Grains.Contracts.Alerts;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Storage.Alerts;
using Orleans.Runtime;

namespace Observatory.Grains.Alerts;

/// <summary>
/// One alert rule: keeps its window of calls in memory (<see cref="AlertWindow"/>: read from the stored spans on
/// activation and when the rule changes, then fed with every call ingest stores), evaluates it every
/// <see cref="AlertOptions.EvaluationInterval"/> on a timer, stores each change of state and only then queues its
/// notification, so a firing notifies once, even across restarts. A budget rule reads its budget grain's spend instead
/// (from memory). A reminder brings the grain back after a restart or a move, so evaluation never stops for good.
/// </summary>
public sealed partial class AlertGrain(
    AlertStore store, AlertWindowQuery windowQuery, AlertNotifier notifier, TimeProvider clock, IOptions<AlertOptions> options,
    ILogger<AlertGrain> logger) : Grain, IAlertGrain, IRemindable
{
    private const string ReminderName = "alert-evaluation";

    private AlertRule? _rule;
    private AlertState _state = AlertState.Initial;
    private AlertWindow _window = new();
    private IGrainTimer? _timer;
    private double? _value;
    private DateTimeOffset? _evaluatedAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (projectId, alertId) = BudgetKeys.Split(this.GetPrimaryKeyString());
        (AlertRule Rule, AlertState State)? stored;
        try
        {
            stored = await store.GetAsync(projectId, alertId, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"Could not load alert '{alertId}' of project '{projectId}': {ex.Message}");
        }

        if (stored is { } found)
        {
            (_rule, _state) = (found.Rule, found.State);
            await ReadWindowAsync(throwOnFailure: true);
            await StartAsync();
        }
    }

    public Task<AlertStatusReply> Status() => Task.FromResult(new AlertStatusReply(_rule is not null, _rule, _state, _value, _evaluatedAt));

    public Task Add(Immutable<AlertCall[]> calls)
    {
        if (_rule is null)
        {
            return Task.CompletedTask;
        }

        var now = clock.GetUtcNow();
        foreach (var call in calls.Value)
        {
            _window.Add(call.Call.TraceId, call.Call.SpanId, call.ToSample(), now);
        }

        return Task.CompletedTask;
    }

    public async Task Define(AlertRule rule)
    {
        _rule = rule;
        _window = new AlertWindow();
        await ReadWindowAsync(throwOnFailure: true);
        await StartAsync();
        await EvaluateAsync();
    }

    public async Task Retire()
    {
        _rule = null;
        _window = new AlertWindow();
        _timer?.Dispose();
        _timer = null;
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            // A reminder left behind only wakes a grain that finds no rule and does nothing.
            LogReminderFailed(logger, this.GetPrimaryKeyString(), ex);
        }

        this.DeactivateOnIdle();
    }

    public Task Wake() => Task.CompletedTask;

    /// <summary>The reminder's only job is this activation; a rule deleted while its grain was not active loses its reminder here.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_rule is null && await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            this.DeactivateOnIdle();
        }
    }

    private async Task StartAsync()
    {
        var every = options.Value.EvaluationInterval;
        _timer ??= this.RegisterGrainTimer(_ => EvaluateAsync(), new GrainTimerCreationOptions(every, every) { KeepAlive = true });
        try
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        catch (Exception ex)
        {
            // The timer evaluates all the same; only a restart's wake-up depends on the reminder (the directory also wakes rules).
            LogReminderFailed(logger, this.GetPrimaryKeyString(), ex);
        }
    }

    private async Task EvaluateAsync()
    {
        if (_rule is not { } rule)
        {
            return;
        }

        var now = clock.GetUtcNow();
        double? value;
        if (rule.Metric == AlertMetric.BudgetPercent)
        {
            var check = await GrainFactory.GetGrain<IBudgetGrain>(BudgetKeys.Budget(rule.ProjectId, rule.BudgetId!)).Check();
            value = check.Found ? AlertValues.BudgetPercent(check.SpentUsd, check.LimitUsd, check.SpentTokens, check.LimitTokens) : null;
        }
        else
        {
            value = rule.ValueOf(_window.Last(rule.WindowMinutes, BudgetMinutes.Of(now)));
        }

        if (!ReferenceEquals(_rule, rule))
        {
            return; // Redefined while the budget answered: the next tick judges the new rule.
        }

        (_value, _evaluatedAt) = (value, now);
        var (next, alertEvent) = _state.Evaluate(value, rule.Threshold, now);
        if (alertEvent is not { } happened)
        {
            _state = next;
            return;
        }

        try
        {
            if (!await store.SaveStateAsync(rule.ProjectId, rule.AlertId, next, CancellationToken.None))
            {
                return; // Deleted meanwhile.
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
        {
            // Not stored, not notified: the next evaluation tries again.
            LogStateFailed(logger, rule.AlertId, ex);
            return;
        }

        _state = next;
        notifier.Enqueue(rule, happened, next);
    }

    private async Task ReadWindowAsync(bool throwOnFailure)
    {
        if (_rule is not { Metric: not AlertMetric.BudgetPercent } rule)
        {
            return;
        }

        var window = _window;
        var now = clock.GetUtcNow();
        var from = BudgetMinutes.Of(now) - rule.WindowMinutes + 1;
        var recentSince = window.BeginSnapshot(now);
        try
        {
            var stored = await windowQuery.ReadAsync(rule.ProjectId, rule.Scope, from, rule.NeedsSketches, recentSince, CancellationToken.None);
            window.ApplySnapshot(from, stored.Minutes, stored.RecentKeys, clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
        {
            window.AbandonSnapshot();
            LogReadFailed(logger, rule.AlertId, ex);
            if (throwOnFailure)
            {
                throw new InvalidOperationException($"Could not read the window of alert '{rule.AlertId}': {ex.Message}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the window of alert {AlertId} failed")]
    private static partial void LogReadFailed(ILogger logger, string alertId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the state of alert {AlertId} failed; it is evaluated again")]
    private static partial void LogStateFailed(ILogger logger, string alertId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering the reminder of alert grain {Key} failed")]
    private static partial void LogReminderFailed(ILogger logger, string key, Exception ex);
}
