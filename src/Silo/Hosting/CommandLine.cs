namespace Observatory.Silo.Hosting;

/// <summary>What the one-shot commands (<c>migrate</c>, <c>rebuild-rollups</c>) read: the same settings the silo reads.</summary>
internal static class CommandLine
{
    public static IConfiguration Configuration(string[] args) => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args)
        .Build();

    /// <summary><c>ConnectionStrings:Observatory</c>, or null after saying on stderr that it is missing.</summary>
    public static string? ConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Observatory");
        if (string.IsNullOrEmpty(connectionString))
        {
            Console.Error.WriteLine("ConnectionStrings:Observatory is not set (environment: ConnectionStrings__Observatory).");
            return null;
        }

        return connectionString;
    }
}
