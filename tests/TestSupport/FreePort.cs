using System.Net;
using System.Net.Sockets;

namespace Observatory.TestSupport;

/// <summary>
/// Unused loopback TCP ports for test hosts, taken from below the kernel's ephemeral range. A port the OS hands out for
/// "any port" (bind to 0) comes from the ephemeral range, which outgoing connections also draw from: a process started
/// seconds later on such a port can find it taken by a client socket (a silo added under load failed that way). Ports
/// below the range are only ever taken by someone binding them on purpose.
/// </summary>
public static class FreePort
{
    private const int Lowest = 10_000;
    private static readonly object Gate = new();
    private static readonly HashSet<int> Given = [];

    public static int Next() => Next(1)[0];

    /// <summary>Distinct ports, each free when checked and never given twice in this process.</summary>
    public static int[] Next(int count)
    {
        var highest = EphemeralRangeStart() - 1;
        var ports = new List<int>(count);
        lock (Gate)
        {
            for (var attempt = 0; ports.Count < count; attempt++)
            {
                if (attempt > 10_000)
                {
                    throw new InvalidOperationException($"No free loopback port between {Lowest} and {highest}.");
                }

                var port = Random.Shared.Next(Lowest, highest + 1);
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    ports.Add(port);
                }
            }
        }

        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The first port of Linux's ephemeral range (32768 by default); 32768 where it cannot be read.</summary>
    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out var start) && start > Lowest + 1000 ? start : 32_768;
        }
        catch (IOException)
        {
            return 32_768;
        }
        catch (UnauthorizedAccessException)
        {
            return 32_768;
        }
    }
}
