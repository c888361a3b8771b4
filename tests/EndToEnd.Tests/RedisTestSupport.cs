using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Observatory.TestSupport;
using StackExchange.Redis;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Redis for the Redis tests: the shared server `./observatory test` starts (OBSERVATORY_TEST_REDIS, host:port), or a
/// private redis-server a test starts and stops itself to see what the product does without Redis.
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    private Process? _process;

    private RedisTestServer(int port) => Port = port;

    public int Port { get; }
    public string Endpoint => $"127.0.0.1:{Port}";

    public static string SharedEndpoint =>
        Environment.GetEnvironmentVariable("OBSERVATORY_TEST_REDIS")
        ?? throw new InvalidOperationException(
            "OBSERVATORY_TEST_REDIS is not set: run the tests with './observatory test', which starts Redis and sets it.");

    /// <summary>Arguments that point a test host at <paramref name="endpoint"/> with a key prefix no other host uses.</summary>
    public static string[] HostArgs(string endpoint, out string keyPrefix)
    {
        keyPrefix = $"e2e-{Guid.NewGuid():N}:";
        return [$"--ConnectionStrings:Redis={endpoint}", $"--Redis:KeyPrefix={keyPrefix}"];
    }

    public static async Task<RedisTestServer> StartPrivateAsync()
    {
        var server = new RedisTestServer(FreePort.Next());
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(Endpoint);
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server on port {Port} did not start");
    }

    /// <summary>Kills the server at once, the way a crash or a network cut looks to its clients.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>HTTP and gRPC clients whose connections come from a chosen loopback address, so each test is its own caller by IP.</summary>
public static class LoopbackCaller
{
    public static SocketsHttpHandler Handler(string sourceAddress) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static HttpClient Client(string sourceAddress, int port) =>
        new(Handler(sourceAddress)) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
}
