using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Observatory.TestSupport;

namespace Observatory.EndToEnd.Tests.Crash;

/// <summary>What a <see cref="ProductProcess"/> runs.</summary>
public enum ProductRole
{
    /// <summary>Silo, OTLP gateway and REST API in one process (<c>./observatory up</c>).</summary>
    AllInOne,

    /// <summary>A silo of a cluster, grains only (<c>Observatory:Mode=silo</c>).</summary>
    Silo,

    /// <summary>The standalone OTLP gateway, an Orleans client of the cluster.</summary>
    OtlpGateway,

    /// <summary>The standalone REST gateway, an Orleans client of the cluster.</summary>
    ApiGateway,
}

/// <summary>
/// A built product process (<c>Observatory.Silo.dll</c> or <c>Observatory.Gateway.Otlp.dll</c>) as a child process on
/// fixed loopback ports, so it can be killed with SIGKILL and started again on the same database and ports, as an
/// operator would. Processes given the same cluster id form one cluster.
/// </summary>
public sealed class ProductProcess : IAsyncDisposable
{
    private readonly ProductRole _role;
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public ProductProcess(ProductRole role, string connectionString, string clusterId)
    {
        _role = role;
        var ports = FreePort.Next(6);
        (HttpPort, SiloHttpPort, ApiPort, SiloPort) = (ports[0], ports[1], ports[2], ports[4]);
        _environment = new()
        {
            ["ConnectionStrings__Observatory"] = connectionString,
            ["ConnectionStrings__Redis"] = "",
            ["Observatory__Mode"] = role == ProductRole.Silo ? "silo" : "all-in-one",
            ["Otlp__HttpPort"] = HttpPort.ToString(),
            ["Otlp__GrpcPort"] = ports[3].ToString(),
            ["Api__Port"] = ApiPort.ToString(),
            ["Silo__HttpPort"] = SiloHttpPort.ToString(),
            ["Orleans__SiloPort"] = ports[4].ToString(),
            ["Orleans__GatewayPort"] = ports[5].ToString(),
            ["Orleans__ClusterId"] = clusterId,
            ["RateLimits__Ingest__PerSecond"] = "0",
            ["RateLimits__Query__PerSecond"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    /// <summary>The silo to run: the one built with the tests, or OBSERVATORY_CRASH_SILO (e.g. an older build, to compare).</summary>
    public static string SiloDll =>
        Environment.GetEnvironmentVariable("OBSERVATORY_CRASH_SILO") is { Length: > 0 } other
            ? other
            : Path.Combine(AppContext.BaseDirectory, "Observatory.Silo.dll");

    private string Dll => _role switch
    {
        ProductRole.OtlpGateway => Path.Combine(Path.GetDirectoryName(SiloDll)!, "Observatory.Gateway.Otlp.dll"),
        ProductRole.ApiGateway => Path.Combine(Path.GetDirectoryName(SiloDll)!, "Observatory.Gateway.Api.dll"),
        _ => SiloDll,
    };

    /// <summary>OTLP/HTTP (all-in-one and gateway).</summary>
    public int HttpPort { get; }

    /// <summary>Health check (all-in-one and silo).</summary>
    public int SiloHttpPort { get; }

    /// <summary>REST API (all-in-one and API gateway).</summary>
    public int ApiPort { get; }

    /// <summary>The Orleans silo port (silos): how the membership table names this silo.</summary>
    public int SiloPort { get; }

    /// <summary>Everything the process (and earlier incarnations) printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the process and waits until it is ready: its health check answers, or (gateway) its OTLP port accepts.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", [Dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("The process did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The {_role} process exited with {_process.ExitCode}:\n{Output}");
            }

            if (await IsReadyAsync())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The {_role} process was not ready within {timeout}:\n{Output}");
    }

    /// <summary>kill -9: no shutdown hooks, no flush, nothing in memory survives.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
            Append("==== killed (SIGKILL) ====");
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            if (_role is ProductRole.OtlpGateway or ProductRole.ApiGateway)
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", _role == ProductRole.OtlpGateway ? HttpPort : ApiPort);
                return true;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            using var response = await http.GetAsync($"http://127.0.0.1:{SiloHttpPort}/health");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
