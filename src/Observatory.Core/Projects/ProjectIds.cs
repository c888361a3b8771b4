namespace Observatory.Core.Projects;

/// <summary>Project ids. Until API keys exist every request belongs to <see cref="Default"/>; keys, SQL and grains already carry it.</summary>
public static class ProjectIds
{
    public const string Default = "default";
}
