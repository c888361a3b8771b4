using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Observatory.EndToEnd.Tests;

/// <summary>A fresh install with Auth:Mode=keys prints one admin key, once; it works, and a restart prints none.</summary>
public sealed partial class AdminKeyBootstrapTests
{
    [Fact]
    public async Task First_start_prints_a_working_admin_key_once()
    {
        var console = Console.Out;
        var buffer = new StringWriter();
        var output = TextWriter.Synchronized(buffer);
        ObservatoryTestHost host;
        Console.SetOut(output);
        try
        {
            host = await ObservatoryTestHost.StartAsync("--Auth:Mode=keys");
        }
        finally
        {
            Console.SetOut(console);
        }

        await using (host)
        {
            var printed = Snapshot(output, buffer);
            var key = KeyPattern().Match(printed);
            Assert.True(key.Success, "no key was printed: " + printed);
            Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE role = 'admin' AND project_id = 'default'"));

            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/projects");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Value);
            using var response = await host.Api.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var anonymous = await host.Api.GetAsync("/api/v1/traces");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

            var againBuffer = new StringWriter();
            var again = TextWriter.Synchronized(againBuffer);
            Console.SetOut(again);
            try
            {
                await host.RestartAsync();
            }
            finally
            {
                Console.SetOut(console);
            }

            Assert.DoesNotMatch(KeyPattern(), Snapshot(again, againBuffer));
            Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
        }
    }

    /// <summary>
    /// The text so far, read under the writer's own lock: the console logger may still be writing from its thread, and
    /// reading the StringWriter's buffer unlocked while it grows once threw inside StringBuilder.ToString.
    /// </summary>
    private static string Snapshot(TextWriter synchronizedWriter, StringWriter buffer)
    {
        lock (synchronizedWriter)
        {
            return buffer.ToString();
        }
    }

    [GeneratedRegex("obs_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}")]
    private static partial Regex KeyPattern();
}
