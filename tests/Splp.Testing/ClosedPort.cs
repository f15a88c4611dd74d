using System.Net;
using System.Net.Sockets;

namespace Splp.Testing;

/// <summary>A loopback address where nothing listens: connections are refused at once.</summary>
public static class ClosedPort
{
    /// <summary>Finds a free port by binding and releasing it.</summary>
    public static Uri Address()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
