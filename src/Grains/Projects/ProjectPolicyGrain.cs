using Npgsql;
using Observatory.Core.Pricing;
using Observatory.Grains.Contracts;
using Observatory.Storage.Projects;

namespace Observatory.Grains.Projects;

/// <summary>Holds a project's policy in memory, loaded from PostgreSQL on activation and written through on change.</summary>
public sealed class ProjectPolicyGrain(ProjectPolicyStore store) : Grain, IProjectPolicyGrain
{
    private ProjectPolicySnapshot _snapshot = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var projectId = this.GetPrimaryKeyString();
        ProjectSettings settings;
        IReadOnlyList<CustomPrice> prices;
        try
        {
            settings = await store.LoadSettingsAsync(projectId, cancellationToken);
            prices = await store.LoadPricesAsync(projectId, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            // Npgsql's exceptions do not cross grain calls between processes: say what failed in one that does.
            throw new InvalidOperationException($"Could not load the policy of project '{projectId}': {ex.Message}");
        }

        // Versions from the clock: a new activation never repeats an older activation's version.
        _snapshot = new ProjectPolicySnapshot(DateTime.UtcNow.Ticks, prices.ToArray(), settings.CaptureContent, settings.RedactionJson);
    }

    public Task<ProjectPolicySnapshot> GetSnapshot() => Task.FromResult(_snapshot);

    public async Task<ProjectPolicySnapshot> PutPrice(CustomPrice price)
    {
        await store.SavePriceAsync(this.GetPrimaryKeyString(), price, CancellationToken.None);
        var prices = _snapshot.Prices
            .Where(p => !(p.Provider == price.Provider && p.Model == price.Model && p.EffectiveFrom == price.EffectiveFrom))
            .Append(price)
            .ToArray();
        return _snapshot = _snapshot with { Version = NextVersion(), Prices = prices };
    }

    public async Task<ProjectPolicySnapshot> PutSettings(bool captureContent, string? redactionJson)
    {
        await store.SaveSettingsAsync(this.GetPrimaryKeyString(), new ProjectSettings(captureContent, redactionJson), CancellationToken.None);
        return _snapshot = _snapshot with { Version = NextVersion(), CaptureContent = captureContent, RedactionJson = redactionJson };
    }

    private long NextVersion() => Math.Max(_snapshot.Version + 1, DateTime.UtcNow.Ticks);
}
