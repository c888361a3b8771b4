namespace Observatory.Grains.Contracts;

/// <summary>The models a project has used (key: project id), so queries know which model grains to ask.</summary>
[Alias("observatory.IModelDirectoryGrain")]
public interface IModelDirectoryGrain : IGrainWithStringKey
{
    [Alias("List")]
    Task<IReadOnlyList<ModelId>> List();
}

/// <summary>Provider and model as counted; '' when unknown.</summary>
[GenerateSerializer, Immutable, Alias("observatory.ModelId")]
public sealed record ModelId([property: Id(0)] string Provider, [property: Id(1)] string Model);
