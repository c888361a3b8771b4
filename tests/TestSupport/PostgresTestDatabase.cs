using Npgsql;
using Observatory.Storage;

namespace Observatory.TestSupport;

/// <summary>
/// A throwaway database on the PostgreSQL server that `./observatory test` starts
/// (OBSERVATORY_TEST_POSTGRES), migrated and dropped again when the test class is done.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Database = name,
            MaxPoolSize = 30,
        }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("OBSERVATORY_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "OBSERVATORY_TEST_POSTGRES is not set: run the tests with './observatory test', which starts PostgreSQL and sets it.");

    /// <summary>Creates an empty database; with <paramref name="migrate"/> also applies every migration.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(bool migrate = true)
    {
        var server = ServerConnectionString;
        var db = new PostgresTestDatabase(server, "t_" + Guid.NewGuid().ToString("N")[..16]);
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{db.Name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        if (migrate)
        {
            DatabaseMigrator.Migrate(db.ConnectionString);
        }

        return db;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        var value = await cmd.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_serverConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
