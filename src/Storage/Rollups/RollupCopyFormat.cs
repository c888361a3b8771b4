using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;

namespace Observatory.Storage.Rollups;

/// <summary>One rollup row in binary COPY, columns in <see cref="RollupTables.Columns"/> order (the same in all three tables).</summary>
public static class RollupCopyFormat
{
    /// <summary><c>COPY table (columns) FROM STDIN (FORMAT BINARY)</c> for a rollup table or a staging copy of one.</summary>
    public static string CopyCommand(string table) => $"COPY {table} ({RollupTables.Columns}) FROM STDIN (FORMAT BINARY)";

    public static async Task WriteRowAsync(
        NpgsqlBinaryImporter importer, string project, string provider, string model, string service, long bucketStartUnixNano, ModelUsage u, CancellationToken ct)
    {
        await importer.StartRowAsync(ct);
        await importer.WriteAsync(project, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(provider, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(model, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(service, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(UnixNano.ToDateTime(bucketStartUnixNano), NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(u.RequestCount, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(u.ErrorCount, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(u.CallsWithoutUsage, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(u.InputTokens, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(u.OutputTokens, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(u.CacheReadTokens, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(u.CacheWriteTokens, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(u.ReasoningTokens, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(u.CostUsd, NpgsqlDbType.Numeric, ct);
        await importer.WriteAsync(u.Latency.ToBytes(), NpgsqlDbType.Bytea, ct);
        await importer.WriteAsync(u.TimeToFirstToken.ToBytes(), NpgsqlDbType.Bytea, ct);
    }
}
