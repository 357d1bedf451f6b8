using System.Net;

namespace HomeFilter.Resolver.QueryLog;

/// <summary>An address (4 or 16 bytes) as two longs and a length: a dictionary key made without an allocation.</summary>
public readonly record struct ClientAddressKey(long High, long Low, int Length)
{
    public static ClientAddressKey From(ReadOnlySpan<byte> address)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        var length = Math.Min(address.Length, 16);
        address[..length].CopyTo(bytes);
        return new ClientAddressKey(BitConverter.ToInt64(bytes), BitConverter.ToInt64(bytes[8..]), length);
    }

    /// <summary>The address as text; null when it is not 4 or 16 bytes.</summary>
    public string? ToText()
    {
        if (Length is not (4 or 16))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, High);
        BitConverter.TryWriteBytes(bytes[8..], Low);
        return new IPAddress(bytes[..Length]).ToString();
    }
}
