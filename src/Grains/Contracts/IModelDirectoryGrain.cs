namespace Observatory.Grains.Contracts;

/// <summary>
/// The models a project has ever used (key: project id), so queries know which model grains to ask.
/// Persisted through the Orleans ADO.NET grain storage; written only when a model is new.
/// </summary>
[Alias("observatory.IModelDirectoryGrain")]
public interface IModelDirectoryGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task Register(ModelId model);

    [Alias("List")]
    Task<IReadOnlyList<ModelId>> List();
}

/// <summary>Provider and model as counted; '' when unknown.</summary>
[GenerateSerializer, Immutable, Alias("observatory.ModelId")]
public sealed record ModelId([property: Id(0)] string Provider, [property: Id(1)] string Model);
