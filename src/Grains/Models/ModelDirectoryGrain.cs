using Observatory.Grains.Contracts;
using Observatory.Storage.Rollups;

namespace Observatory.Grains.Models;

/// <summary>
/// Lists a project's models from its rollups (every model call makes one, in the spans' own transaction), so the list
/// is never behind the stored spans and has no state of its own to lose.
/// </summary>
public sealed class ModelDirectoryGrain(RollupStore store) : Grain, IModelDirectoryGrain
{
    public async Task<IReadOnlyList<ModelId>> List() =>
        (await store.ListModelsAsync(this.GetPrimaryKeyString(), CancellationToken.None))
            .Select(m => new ModelId(m.Provider, m.Model)).OrderBy(m => m.Provider).ThenBy(m => m.Model).ToList();
}
