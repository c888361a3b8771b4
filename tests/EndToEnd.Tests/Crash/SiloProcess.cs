using System.Diagnostics;
using System.Text;
using Observatory.TestSupport;

namespace Observatory.EndToEnd.Tests.Crash;

/// <summary>
/// The built silo (<c>Observatory.Silo.dll</c>, all-in-one) as a child process on fixed loopback ports, so it can be
/// killed with SIGKILL and started again on the same database and ports, as an operator would.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public SiloProcess(string connectionString)
    {
        var ports = FreePort.Next(6);
        (HttpPort, SiloHttpPort, ApiPort) = (ports[0], ports[1], ports[2]);
        _environment = new()
        {
            ["ConnectionStrings__Observatory"] = connectionString,
            ["ConnectionStrings__Redis"] = "",
            ["Otlp__HttpPort"] = HttpPort.ToString(),
            ["Otlp__GrpcPort"] = ports[3].ToString(),
            ["Api__Port"] = ApiPort.ToString(),
            ["Silo__HttpPort"] = SiloHttpPort.ToString(),
            ["Orleans__SiloPort"] = ports[4].ToString(),
            ["Orleans__GatewayPort"] = ports[5].ToString(),
            ["Orleans__ClusterId"] = "crash-" + Guid.NewGuid().ToString("N"),
            ["RateLimits__Ingest__PerSecond"] = "0",
            ["RateLimits__Query__PerSecond"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    /// <summary>The silo to run: the one built with the tests, or OBSERVATORY_CRASH_SILO (e.g. an older build, to compare).</summary>
    public static string Dll =>
        Environment.GetEnvironmentVariable("OBSERVATORY_CRASH_SILO") is { Length: > 0 } other
            ? other
            : Path.Combine(AppContext.BaseDirectory, "Observatory.Silo.dll");

    public int HttpPort { get; }
    public int SiloHttpPort { get; }
    public int ApiPort { get; }

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

    /// <summary>Starts the silo and waits until its health check answers.</summary>
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

        _process = Process.Start(start) ?? throw new InvalidOperationException("The silo process did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{SiloHttpPort}/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The silo did not become healthy within {timeout}:\n{Output}");
    }

    /// <summary>kill -9: no shutdown hooks, no flush, nothing in memory survives.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }

        Append("==== killed (SIGKILL) ====");
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
