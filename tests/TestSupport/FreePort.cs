using System.Net;
using System.Net.Sockets;

namespace Observatory.TestSupport;

/// <summary>Asks the OS for unused loopback TCP ports, so parallel test hosts never collide.</summary>
public static class FreePort
{
    public static int Next() => Next(1)[0];

    /// <summary>Distinct ports: every listener stays open until all are taken, so the OS cannot hand one out twice.</summary>
    public static int[] Next(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
