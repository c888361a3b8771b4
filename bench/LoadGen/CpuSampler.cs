using System.Diagnostics;
using System.Globalization;

namespace Observatory.Bench.LoadGen;

/// <summary>
/// CPU seconds (utime + stime from /proc) of the generator, the product server and the PostgreSQL backends serving
/// the product's database, plus the whole box, so a run can say who used the two cores. Linux only; elsewhere empty.
/// </summary>
internal sealed class CpuSampler
{
    private const double ClockTicksPerSecond = 100.0; // USER_HZ on Linux
    private readonly int? _serverPid;
    private readonly string? _pgDatabase;

    public CpuSampler(int? serverPid, string? pgDatabase)
    {
        _serverPid = serverPid;
        _pgDatabase = pgDatabase;
    }

    public int? ServerPid => _serverPid;

    /// <summary>The product's resident memory (VmRSS), or null.</summary>
    public long? ServerRssBytes()
    {
        if (_serverPid is not { } pid || !Available)
        {
            return null;
        }

        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>/proc/loadavg's 1/5/15-minute figures: how busy the shared box was.</summary>
    public static string? LoadAverage() =>
        Available && File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    public static bool Available => OperatingSystem.IsLinux() && File.Exists("/proc/stat");

    public Snapshot Take()
    {
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var generator = self.TotalProcessorTime.TotalSeconds;
        if (!Available)
        {
            return new Snapshot(Stopwatch.GetTimestamp(), generator, null, new Dictionary<int, double>(), 0, 0, 0);
        }

        double? server = _serverPid is { } serverPid ? ProcessSeconds(serverPid) : null;
        var backends = new Dictionary<int, double>();
        double pgAux = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            var cmdline = ReadCmdline(pid);
            if (cmdline is null || !cmdline.StartsWith("postgres: ", StringComparison.Ordinal))
            {
                continue;
            }

            var seconds = ProcessSeconds(pid) ?? 0;
            if (_pgDatabase is not null && cmdline.Contains(" " + _pgDatabase + " ", StringComparison.Ordinal))
            {
                backends[pid] = seconds;
            }
            else if (cmdline.Contains("walwriter", StringComparison.Ordinal) || cmdline.Contains("checkpointer", StringComparison.Ordinal)
                     || cmdline.Contains("background writer", StringComparison.Ordinal))
            {
                pgAux += seconds;
            }
        }

        var (busy, total) = BoxSeconds();
        return new Snapshot(Stopwatch.GetTimestamp(), generator, server, backends, pgAux, busy, total);
    }

    /// <summary>Finds the product's process: the one Observatory.Silo (or Gateway.Otlp) process, preferring one whose command line names the port.</summary>
    public static int? FindServerPid(int port)
    {
        if (!Available)
        {
            return null;
        }

        var candidates = new List<(int Pid, string Cmdline)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != Environment.ProcessId && ReadCmdline(pid) is { } cmdline
                && (cmdline.Contains("Observatory.Silo", StringComparison.Ordinal) || cmdline.Contains("Observatory.Gateway.Otlp", StringComparison.Ordinal))
                && !cmdline.Contains("dotnet build", StringComparison.Ordinal))
            {
                candidates.Add((pid, cmdline));
            }
        }

        var byPort = candidates.Where(c => c.Cmdline.Contains("=" + port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();
        if (byPort.Count == 1)
        {
            return byPort[0].Pid;
        }

        return candidates.Count == 1 ? candidates[0].Pid : null;
    }

    private static string? ReadCmdline(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double? ProcessSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at index 11 and 12.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static (double Busy, double Total) BoxSeconds()
    {
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal ...; guest time is already inside user.
        var idle = values[3] + values[4];
        var total = values.Take(8).Sum();
        return ((total - idle) / ClockTicksPerSecond, total / ClockTicksPerSecond);
    }

    public sealed record Snapshot(long Timestamp, double Generator, double? Server, Dictionary<int, double> PgBackends, double PgAux, double BoxBusy, double BoxTotal);

    public static CpuUsage Diff(Snapshot start, Snapshot end)
    {
        var wall = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        double pg = 0;
        foreach (var (pid, seconds) in end.PgBackends)
        {
            pg += seconds - start.PgBackends.GetValueOrDefault(pid);
        }

        return new CpuUsage(
            wall,
            end.Generator - start.Generator,
            end.Server is { } s && start.Server is { } s0 ? s - s0 : null,
            pg,
            end.PgAux - start.PgAux,
            end.BoxBusy - start.BoxBusy,
            end.BoxTotal - start.BoxTotal > 0 ? (end.BoxBusy - start.BoxBusy) / (end.BoxTotal - start.BoxTotal) * Environment.ProcessorCount : 0);
    }
}

/// <summary>CPU seconds used over a window of <see cref="WallSeconds"/>.</summary>
internal sealed record CpuUsage(double WallSeconds, double GeneratorSeconds, double? ServerSeconds, double PgBackendSeconds, double PgAuxSeconds,
    double BoxBusySeconds, double BoxBusyCores);
