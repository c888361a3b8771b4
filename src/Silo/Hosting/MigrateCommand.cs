using Observatory.Storage;

namespace Observatory.Silo.Hosting;

/// <summary><c>migrate</c>: applies pending migrations to <c>ConnectionStrings:Observatory</c> and exits.</summary>
public static class MigrateCommand
{
    public static int Run(string[] args)
    {
        if (CommandLine.ConnectionString(CommandLine.Configuration(args)) is not { } connectionString)
        {
            return 2;
        }

        try
        {
            var applied = DatabaseMigrator.Migrate(connectionString, Console.Out);
            Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s).");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException)
        {
            Console.Error.WriteLine("Migration failed: " + ex.Message);
            return 1;
        }
    }
}
