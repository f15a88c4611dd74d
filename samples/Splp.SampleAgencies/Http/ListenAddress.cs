using System.Globalization;
using System.Net;

namespace Splp.SampleAgencies.Http;

/// <summary>Parses the <c>http://host:port</c> a sample agency listens on.</summary>
internal static class ListenAddress
{
    /// <summary>
    /// Accepts <c>http://</c>, a host (an IP literal, <c>[::1]</c>, <c>localhost</c> for 127.0.0.1, or
    /// <c>*</c>, <c>+</c> for every interface), a port 0–65535 (0 = ephemeral) and an optional trailing <c>/</c>.
    /// </summary>
    public static bool TryParse(string? url, out IPEndPoint endPoint, out string error)
    {
        endPoint = null!;
        const string Scheme = "http://";
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "The URL is empty.";
            return false;
        }

        if (!url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{url}' must start with http:// (the sample agencies serve plain HTTP only).";
            return false;
        }

        var authority = url.AsSpan(Scheme.Length).TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || authority.IndexOf('/') >= 0)
        {
            error = $"'{url}' must have the form http://host:port.";
            return false;
        }

        var host = authority[..colon];
        if (!int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            error = $"'{url}' has no valid port (0-65535).";
            return false;
        }

        IPAddress? address;
        if (host is "*" or "+")
        {
            address = IPAddress.Any;
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host, out address))
        {
            error = $"'{url}' must name the host as an IP address, localhost, * or +.";
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        error = string.Empty;
        return true;
    }
}
