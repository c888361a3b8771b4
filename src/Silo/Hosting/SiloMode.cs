namespace Observatory.Silo.Hosting;

/// <summary><c>Observatory:Mode</c>: <c>all-in-one</c> (default) co-hosts both gateways; <c>silo</c> runs grains only.</summary>
public static class SiloMode
{
    public static bool IsAllInOne(IConfiguration configuration) =>
        (configuration["Observatory:Mode"] ?? "all-in-one") switch
        {
            "all-in-one" => true,
            "silo" => false,
            var other => throw new InvalidOperationException($"Observatory:Mode must be 'all-in-one' or 'silo', got '{other}'."),
        };

    /// <summary>The silo's own HTTP port: health and the Orleans dashboard.</summary>
    public static int HttpPort(IConfiguration configuration) => configuration.GetValue("Silo:HttpPort", 8081);
}
