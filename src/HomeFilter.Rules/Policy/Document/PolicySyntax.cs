using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// Parsers for the small text values of a policy document: times, days, addresses, prefixes, servers and block modes.
/// Stricter than <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>: IPv4 must be a plain dotted quad
/// (no <c>10.1</c> short forms, no leading zeros that some tools read as octal) and IPv6 has no zone id.
/// </summary>
internal static class PolicySyntax
{
    public static readonly string[] DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public static readonly string[] LogModes = ["all", "blocked", "none"];

    /// <summary><c>HH:mm</c>, 00:00–23:59.</summary>
    public static bool IsTimeOfDay(string? text)
    {
        return text is { Length: 5 } && text[2] == ':'
            && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[3]) && char.IsAsciiDigit(text[4])
            && (text[0] - '0') * 10 + (text[1] - '0') <= 23
            && text[3] <= '5';
    }

    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        if (!IsDottedQuad(text) || !IPAddress.TryParse(text, out var v4))
        {
            return false;
        }

        address = v4;
        return true;
    }

    /// <summary>An address or <c>address/length</c>; <paramref name="prefixLength"/> is the full width for a plain address.</summary>
    public static bool TryParsePrefix(string text, out IPAddress address, out int prefixLength)
    {
        prefixLength = 0;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            if (!TryParseAddress(text, out address))
            {
                return false;
            }

            prefixLength = Width(address);
            return true;
        }

        var lengthText = text.AsSpan(slash + 1);
        if (!TryParseAddress(text[..slash], out address)
            || lengthText.Length is 0 or > 3
            || !AllDigits(lengthText)
            || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out prefixLength))
        {
            return false;
        }

        return prefixLength <= Width(address);
    }

    /// <summary>The address with the bits after <paramref name="prefixLength"/> cleared.</summary>
    public static IPAddress Network(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    public static int Width(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;

    /// <summary><c>ip</c>, <c>ipv4:port</c> or <c>[ipv6]:port</c>, port 1–65535.</summary>
    public static bool IsServer(string text)
    {
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            return close > 0
                && TryParseAddress(text[1..close], out var bracketed) && bracketed.AddressFamily == AddressFamily.InterNetworkV6
                && close + 1 < text.Length && text[close + 1] == ':'
                && IsPort(text.AsSpan(close + 2));
        }

        var colons = text.AsSpan().Count(':');
        if (colons == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return TryParseAddress(text[..colon], out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && IsPort(text.AsSpan(colon + 1));
        }

        return TryParseAddress(text, out _);
    }

    /// <summary>
    /// <c>null</c>, <c>nxdomain</c>, <c>refused</c>, or one or two comma-separated addresses with at most one per family.
    /// Returns null when valid, otherwise the reason.
    /// </summary>
    public static string? CheckBlockMode(string text)
    {
        if (text is "null" or "nxdomain" or "refused")
        {
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 2)
        {
            return $"'{text}' lists more than two addresses";
        }

        var v4 = 0;
        var v6 = 0;
        foreach (var part in parts)
        {
            if (!TryParseAddress(part, out var address))
            {
                return $"'{text}' is not null, nxdomain, refused or IP addresses ('{part}' is not an IP address)";
            }

            _ = address.AddressFamily == AddressFamily.InterNetwork ? v4++ : v6++;
        }

        return v4 > 1 || v6 > 1 ? $"'{text}' has two addresses of the same family; give at most one IPv4 and one IPv6 address" : null;
    }

    private static bool IsPort(ReadOnlySpan<char> text)
    {
        return text.Length is > 0 and <= 5 && AllDigits(text)
            && int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) is >= 1 and <= 65535;
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !AllDigits(part) || (part.Length > 1 && part[0] == '0') || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
