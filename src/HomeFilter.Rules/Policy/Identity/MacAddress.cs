namespace HomeFilter.Rules.Policy.Identity;

/// <summary>
/// 48-bit MAC addresses as <see cref="ulong"/> values (first octet most significant, in the low 48 bits; 0 = unknown),
/// and their text form: <c>aa:bb:cc:dd:ee:ff</c> or <c>aa-bb-cc-dd-ee-ff</c> in, canonical lower-case colon form out.
/// </summary>
public static class MacAddress
{
    /// <summary>The length of the text form (six octets, five separators).</summary>
    public const int TextLength = 17;

    /// <summary>The largest 48-bit value.</summary>
    public const ulong Max = 0xFFFF_FFFF_FFFFUL;

    /// <summary>
    /// Parses six hex octets separated by ':' or '-' (one separator throughout), either letter case. Does not judge
    /// whether the address can name a device (see <see cref="IsDeviceAddress"/>).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ulong mac)
    {
        mac = 0;
        if (text.Length != TextLength || (text[2] != ':' && text[2] != '-'))
        {
            return false;
        }

        var separator = text[2];
        ulong value = 0;
        for (var octet = 0; octet < 6; octet++)
        {
            var at = octet * 3;
            if (octet > 0 && text[at - 1] != separator)
            {
                return false;
            }

            var high = HexValue(text[at]);
            var low = HexValue(text[at + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            value = (value << 8) | (uint)((high << 4) | low);
        }

        mac = value;
        return true;
    }

    /// <summary>Reads six raw octets (as an EDNS0 option carries them).</summary>
    public static ulong FromBytes(ReadOnlySpan<byte> octets)
    {
        if (octets.Length != 6)
        {
            return 0;
        }

        return ((ulong)octets[0] << 40) | ((ulong)octets[1] << 32) | ((ulong)octets[2] << 24) | ((ulong)octets[3] << 16) | ((ulong)octets[4] << 8) | octets[5];
    }

    /// <summary>
    /// True for an address one device can have: not all zeros, and not a group address (multicast, broadcast: the
    /// lowest bit of the first octet set).
    /// </summary>
    public static bool IsDeviceAddress(ulong mac) => mac != 0 && mac <= Max && ((mac >> 40) & 1) == 0;

    /// <summary>The canonical text: lower-case hex, colons (<c>02:00:5e:10:00:01</c>).</summary>
    public static string Format(ulong mac) => string.Create(TextLength, mac, static (chars, value) =>
    {
        for (var octet = 0; octet < 6; octet++)
        {
            var b = (byte)(value >> (40 - (octet * 8)));
            chars[octet * 3] = "0123456789abcdef"[b >> 4];
            chars[(octet * 3) + 1] = "0123456789abcdef"[b & 0xF];
            if (octet < 5)
            {
                chars[(octet * 3) + 2] = ':';
            }
        }
    });

    /// <summary>The canonical text of a MAC written either way, or null when it is not one.</summary>
    public static string? Normalize(string? text) =>
        text is not null && TryParse(text, out var mac) ? Format(mac) : null;

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    internal static string Describe(ulong mac) => Format(mac) + (mac == 0 ? " (all zeros)" : " (a multicast or broadcast address)");
}
