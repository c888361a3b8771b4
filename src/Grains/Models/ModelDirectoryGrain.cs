using Observatory.Grains.Contracts;

namespace Observatory.Grains.Models;

/// <summary>Keeps the set of models a project has used; state is written only when a new model appears.</summary>
public sealed class ModelDirectoryGrain(
    [PersistentState("model-directory", GrainStorageNames.Default)] IPersistentState<ModelDirectoryState> state) : Grain, IModelDirectoryGrain
{
    public async Task Register(ModelId model)
    {
        if (state.State.Models.Add(model))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<ModelId>> List() =>
        Task.FromResult<IReadOnlyList<ModelId>>(state.State.Models.OrderBy(m => m.Provider).ThenBy(m => m.Model).ToList());
}

/// <summary>Persisted state of <see cref="ModelDirectoryGrain"/>.</summary>
[GenerateSerializer, Alias("observatory.ModelDirectoryState")]
public sealed class ModelDirectoryState
{
    [Id(0)]
    public HashSet<ModelId> Models { get; set; } = new();
}
