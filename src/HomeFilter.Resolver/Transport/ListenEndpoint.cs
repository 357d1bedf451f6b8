using System.Globalization;
using System.Net;

namespace HomeFilter.Resolver.Transport;

/// <summary>Parses the <c>ip:port</c> forms accepted by <c>HomeFilter:Dns:Listen</c>.</summary>
public static class ListenEndpoint
{
    public const int DefaultPort = 53;

    /// <summary>Parses <c>1.2.3.4:53</c>, <c>[::1]:53</c>, or a bare address (port 53).</summary>
    public static IPEndPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        string host;
        string? port = null;
        if (trimmed.StartsWith('['))
        {
            var close = trimmed.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(text);
            }

            host = trimmed[1..close];
            var rest = trimmed[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    throw Invalid(text);
                }

                port = rest[1..];
            }
        }
        else if (trimmed.Count(c => c == ':') == 1)
        {
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            host = trimmed[..colon];
            port = trimmed[(colon + 1)..];
        }
        else
        {
            host = trimmed;
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            throw Invalid(text);
        }

        var portNumber = DefaultPort;
        if (port is not null
            && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber > IPEndPoint.MaxPort))
        {
            throw Invalid(text);
        }

        return new IPEndPoint(address, portNumber);
    }

    private static FormatException Invalid(string text)
        => new($"Listen address '{text}' is not of the form ip:port (e.g. 0.0.0.0:53, 127.0.0.1:5353 or [::]:53).");
}
