using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Budgets;

namespace Observatory.Storage.Budgets;

/// <summary>A budget's spend read from the stored spans: per minute of call start, and the spans stored recently.</summary>
/// <param name="Minutes">Cost, tokens and calls per Unix minute of call start.</param>
/// <param name="RecentKeys">(trace id, span id) of the counted spans stored since the time asked for.</param>
public sealed record StoredSpend(IReadOnlyDictionary<long, SpendTotals> Minutes, IReadOnlyList<(string TraceId, string SpanId)> RecentKeys);

/// <summary>
/// Reads a budget's spend from <c>spans</c>, the source of truth, with the same rules the live path applies
/// (<see cref="BudgetSpan"/>, <see cref="BudgetScope.Matches"/>): model calls only, unknown cost and tokens as 0.
/// One statement, so totals and recent keys come from one snapshot (see <see cref="BudgetSpend"/>).
/// </summary>
public sealed class BudgetSpendQuery(NpgsqlDataSource dataSource)
{
    /// <summary>The spend of calls that started from <paramref name="fromMinute"/> on (later minutes included).</summary>
    public async Task<StoredSpend> ReadAsync(string projectId, BudgetScope scope, long fromMinute, DateTimeOffset recentSince, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var fromWhere = ScopedCallsSql.FromWhereGroupByMinute(cmd, projectId, scope, fromMinute, recentSince);
        cmd.CommandText =
            $"""
            SELECT {ScopedCallsSql.Minute} AS minute, coalesce(sum(s.cost_usd), 0),
                   coalesce(sum(coalesce(s.input_tokens, 0) + coalesce(s.output_tokens, 0)), 0), count(*),
                   {ScopedCallsSql.RecentKeys}
            {fromWhere}
            """;
        var minutes = new Dictionary<long, SpendTotals>();
        var recent = new List<(string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            minutes[reader.GetInt64(0)] = new SpendTotals(reader.GetDecimal(1), reader.GetInt64(2), reader.GetInt64(3));
            ScopedCallsSql.ReadRecentKeys(reader, 4, recent);
        }

        return new StoredSpend(minutes, recent);
    }

    /// <summary>The scope's parameters, shared with <see cref="BudgetStore"/>'s columns.</summary>
    internal static void AddScope(NpgsqlCommand cmd, BudgetScope scope)
    {
        cmd.Parameters.AddWithValue("service", NpgsqlDbType.Text, (object?)scope.Service ?? DBNull.Value);
        cmd.Parameters.AddWithValue("provider", NpgsqlDbType.Text, (object?)scope.Provider ?? DBNull.Value);
        cmd.Parameters.AddWithValue("model", NpgsqlDbType.Text, (object?)scope.Model ?? DBNull.Value);
        cmd.Parameters.AddWithValue("user", NpgsqlDbType.Text, (object?)scope.UserId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("session", NpgsqlDbType.Text, (object?)scope.SessionId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("akey", NpgsqlDbType.Text, (object?)scope.AttributeKey ?? DBNull.Value);
        cmd.Parameters.AddWithValue("aval", NpgsqlDbType.Text, (object?)scope.AttributeValue ?? DBNull.Value);
    }
}
