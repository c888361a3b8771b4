namespace Observatory.Grains.Contracts;

/// <summary>Re-prices stored calls of one model with the project's current prices, and brings traces and rollups along.</summary>
[Alias("observatory.IRecostGrain")]
public interface IRecostGrain : IGrainWithIntegerKey
{
    [Alias("Recost")]
    Task<RecostReply> Recost(string projectId, string? provider, string model, DateTime from, DateTime to);
}

/// <summary>What a re-cost changed.</summary>
[GenerateSerializer, Immutable, Alias("observatory.RecostReply")]
public sealed record RecostReply(
    [property: Id(0)] int SpansUpdated,
    [property: Id(1)] int TracesUpdated,
    [property: Id(2)] int ModelsUpdated,
    [property: Id(3)] decimal CostDeltaUsd);
