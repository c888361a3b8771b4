namespace Observatory.Grains;

/// <summary>Names of the grain storage providers the silo must register.</summary>
public static class GrainStorageNames
{
    /// <summary>The ADO.NET grain storage on the product's PostgreSQL database.</summary>
    public const string Default = "observatory";
}
