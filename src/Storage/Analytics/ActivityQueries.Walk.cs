using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Analytics;

/// <summary>
/// The first page of a session or user list without grouping every trace of the range: the list is ordered by each
/// key's newest trace end (then key), and walking the range's traces by (end time, key) newest first meets every key
/// first at exactly that trace, so the first <c>limit + 1</c> distinct keys met are the page. Only those keys are then
/// summed (through the per-user and per-session indexes). A walk that meets too few distinct keys in its row budget (a
/// narrow user filter, a handful of keys with very many traces) leaves the page to the plain grouping.
/// </summary>
public sealed partial class ActivityQueries
{
    private static readonly int[] WalkBatches = [512, 4_096, 32_768];

    /// <summary>Tests switch the walk off to compare it with the plain grouping.</summary>
    internal bool WalkShortcut { get; init; } = true;

    /// <summary>The first <paramref name="wanted"/> keys by (newest end, key) descending, or null when the walk gave up.</summary>
    private async Task<string[]?> NewestKeysAsync(
        string projectId, string column, DateTime from, DateTime to, string? user, int wanted, CancellationToken ct)
    {
        var keys = new List<string>(wanted);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        (DateTime End, string Key)? position = null;
        foreach (var batch in WalkBatches)
        {
            await using var cmd = dataSource.CreateCommand();
            var sql = new System.Text.StringBuilder(
                $"""
                SELECT {column}, end_time FROM traces
                WHERE project_id = @project AND {column} IS NOT NULL AND start_time >= @from AND start_time < @to
                """);
            if (user is not null)
            {
                sql.Append(" AND user_id = @user");
                cmd.Parameters.AddWithValue("user", user);
            }

            if (position is (var walkEnd, var walkKey))
            {
                // Rows left at the same (end, key) as the last one read belong to a key already met.
                sql.Append($" AND end_time <= @walkEnd AND (end_time, {column}) < (@walkEnd, @walkKey)");
                cmd.Parameters.AddWithValue("walkEnd", NpgsqlDbType.TimestampTz, walkEnd);
                cmd.Parameters.AddWithValue("walkKey", walkKey);
            }

            sql.Append($" ORDER BY end_time DESC, {column} DESC LIMIT @batch");
            AnalyticsSql.AddRange(cmd, projectId, from, to);
            cmd.Parameters.AddWithValue("batch", batch);
            cmd.CommandText = sql.ToString();
            var read = 0;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                read++;
                var key = reader.GetString(0);
                position = (reader.GetDateTime(1), key);
                if (seen.Add(key))
                {
                    keys.Add(key);
                    if (keys.Count == wanted)
                    {
                        return [.. keys];
                    }
                }
            }

            if (read < batch)
            {
                return [.. keys]; // every trace of the range was read: these are all the keys there are
            }
        }

        return null;
    }
}
