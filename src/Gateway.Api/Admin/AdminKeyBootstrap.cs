using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Observatory.Core.Projects;
using Observatory.Storage.Projects;
using Observatory.Web.Auth;

namespace Observatory.Gateway.Api.Admin;

/// <summary>
/// On a fresh install with Auth:Mode=keys there is no key to create keys with: the first start creates an admin
/// key of project 'default' and prints it once. Later starts find an admin key and print nothing.
/// </summary>
public sealed class AdminKeyBootstrap(ProjectStore store, IOptions<AuthOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RequiresKeys || await store.AnyAdminKeyAsync(cancellationToken))
        {
            return;
        }

        var (secret, record) = await store.CreateKeyAsync(ProjectIds.Default, ApiKeyRole.Admin, ApiKeyKind.Both, "bootstrap admin", cancellationToken);
        Console.WriteLine($"""

            First start with Auth:Mode=keys: created admin key {record.KeyId} for project 'default'. It is shown only now:

                {secret}

            Use it as 'Authorization: Bearer <key>' to create projects and keys (POST /api/v1/admin/projects/{ProjectIds.Default}/keys).

            """);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
