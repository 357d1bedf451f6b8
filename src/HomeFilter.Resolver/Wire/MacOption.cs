using HomeFilter.Rules.Policy.Identity;

namespace HomeFilter.Resolver.Wire;

/// <summary>
/// The forms dnsmasq writes a client's MAC address in: six raw bytes (option 65001, <c>--add-mac</c>), or in option
/// 65073 eight characters of base64 (<c>--add-mac=base64</c>: each half of three bytes as four characters) or
/// <c>aa:bb:cc:dd:ee:ff</c> (<c>--add-mac=text</c>). 0 for anything else.
/// </summary>
internal static class MacOption
{
    public static ulong FromRaw(ReadOnlySpan<byte> data) => MacAddress.FromBytes(data);

    public static ulong FromText(ReadOnlySpan<byte> data)
    {
        if (data.Length == 8)
        {
            return FromBase64(data);
        }

        if (data.Length != MacAddress.TextLength)
        {
            return 0;
        }

        Span<char> text = stackalloc char[MacAddress.TextLength];
        for (var i = 0; i < data.Length; i++)
        {
            text[i] = (char)data[i];
        }

        return MacAddress.TryParse(text, out var mac) ? mac : 0;
    }

    private static ulong FromBase64(ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        for (var i = 0; i < 8; i++)
        {
            var sextet = Sextet(data[i]);
            if (sextet < 0)
            {
                return 0;
            }

            value = (value << 6) | (uint)sextet;
        }

        return value;
    }

    private static int Sextet(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };
}
