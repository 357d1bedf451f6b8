using System.Globalization;

namespace HomeFilter.Monitoring.Devices;

/// <summary>MAC addresses as the policy and the log write them: six lower-case hex pairs joined by colons, 48 bits in a <see cref="ulong"/>.</summary>
public static class MacAddressText
{
    /// <summary>"aa:bb:cc:dd:ee:ff" for the low 48 bits (first octet most significant).</summary>
    public static string Format(ulong mac) => string.Create(17, mac, static (span, value) =>
    {
        for (var i = 0; i < 6; i++)
        {
            var octet = (byte)(value >> (8 * (5 - i)));
            if (i > 0)
            {
                span[(i * 3) - 1] = ':';
            }

            octet.TryFormat(span.Slice(i * 3, 2), out _, "x2", CultureInfo.InvariantCulture);
        }
    });

    /// <summary>Reads "aa:bb:cc:dd:ee:ff" (also with '-' separators, any case); false for anything else or all zeros.</summary>
    public static bool TryParse(string? text, out ulong mac)
    {
        mac = 0;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Length != 17)
        {
            return false;
        }

        for (var i = 0; i < 6; i++)
        {
            if (i > 0 && span[(i * 3) - 1] is not (':' or '-'))
            {
                mac = 0;
                return false;
            }

            if (!byte.TryParse(span.Slice(i * 3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var octet))
            {
                mac = 0;
                return false;
            }

            mac = (mac << 8) | octet;
        }

        return mac != 0;
    }

    /// <summary>The canonical text of a MAC in any accepted spelling, or null.</summary>
    public static string? Normalize(string? text) => TryParse(text, out var mac) ? Format(mac) : null;
}
