using System.Reflection;
using DbUp;
using DbUp.Engine.Output;
using Observatory.Storage.Rollups;

namespace Observatory.Storage;

/// <summary>
/// Applies the embedded SQL migrations (Orleans provider tables first, then the product schema) with DbUp,
/// which journals applied scripts so each runs exactly once.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>Creates the database when missing and applies pending scripts; throws when a script fails.</summary>
    public static IReadOnlyList<string> Migrate(string connectionString, TextWriter? log = null)
    {
        var output = new WriterLog(log ?? TextWriter.Null);
        EnsureDatabase.For.PostgresqlDatabase(connectionString, output);
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.EndsWith(".sql", StringComparison.Ordinal))
            .WithScript(CoarseRollupBackfill.Name, new CoarseRollupBackfill())
            .WithTransactionPerScript()
            .LogTo(output)
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration failed in script '{result.ErrorScript?.Name}': {result.Error.Message}", result.Error);
        }

        return result.Scripts.Select(s => s.Name).ToList();
    }

    private sealed class WriterLog(TextWriter writer) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) => writer.WriteLine(format, args);
        public void LogWarning(string format, params object[] args) => writer.WriteLine("warning: " + format, args);
        public void LogError(string format, params object[] args) => writer.WriteLine("error: " + format, args);
        public void LogError(Exception ex, string format, params object[] args) => writer.WriteLine("error: " + format + " " + ex.Message, args);
    }
}
