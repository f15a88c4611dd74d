using System.Net;
using System.Net.Sockets;

namespace Splp.Testing;

/// <summary>Free loopback ports for processes a test starts.</summary>
public static class FreePort
{
    /// <summary>A port that was free a moment ago (bound and released).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
