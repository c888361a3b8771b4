namespace Observatory.EndToEnd.Tests;

/// <summary>One all-in-one host per test class; tests keep apart by service names and trace ids.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public ObservatoryTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ObservatoryTestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
