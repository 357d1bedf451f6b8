using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Rules.Policy;

/// <summary>How a blocked name is answered.</summary>
public enum BlockAnswerKind
{
    /// <summary>0.0.0.0 for A, :: for AAAA, NODATA for other types (the default).</summary>
    Null,
    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NxDomain,
    /// <summary>REFUSED.</summary>
    Refused,
    /// <summary>Given addresses (e.g. of a page that explains the block); NODATA for a family without one.</summary>
    Address,
}

/// <summary>A parsed block mode: its kind and, for <see cref="BlockAnswerKind.Address"/>, the addresses.</summary>
public sealed class BlockAnswer
{
    private BlockAnswer(BlockAnswerKind kind, byte[]? ipv4, byte[]? ipv6)
    {
        Kind = kind;
        IPv4 = ipv4;
        IPv6 = ipv6;
    }

    /// <summary>The default: null addresses.</summary>
    public static BlockAnswer Null { get; } = new(BlockAnswerKind.Null, null, null);

    /// <summary>NXDOMAIN.</summary>
    public static BlockAnswer NxDomain { get; } = new(BlockAnswerKind.NxDomain, null, null);

    /// <summary>REFUSED.</summary>
    public static BlockAnswer Refused { get; } = new(BlockAnswerKind.Refused, null, null);

    /// <summary>The kind of answer.</summary>
    public BlockAnswerKind Kind { get; }

    /// <summary>The IPv4 address answered for A (4 bytes), or null.</summary>
    public byte[]? IPv4 { get; }

    /// <summary>The IPv6 address answered for AAAA (16 bytes), or null.</summary>
    public byte[]? IPv6 { get; }

    /// <summary>
    /// Parses <c>null</c>, <c>nxdomain</c>, <c>refused</c> or one or two comma-separated addresses (at most one per family).
    /// Null or empty text gives <paramref name="fallback"/>.
    /// </summary>
    public static bool TryParse(string? text, BlockAnswer fallback, out BlockAnswer answer)
    {
        answer = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        switch (text.Trim().ToLowerInvariant())
        {
            case "null":
                answer = Null;
                return true;
            case "nxdomain":
                answer = NxDomain;
                return true;
            case "refused":
                answer = Refused;
                return true;
        }

        byte[]? v4 = null;
        byte[]? v6 = null;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPAddress.TryParse(part, out var address))
            {
                return false;
            }

            if (address.AddressFamily == AddressFamily.InterNetwork && v4 is null)
            {
                v4 = address.GetAddressBytes();
            }
            else if (address.AddressFamily == AddressFamily.InterNetworkV6 && v6 is null)
            {
                v6 = address.GetAddressBytes();
            }
            else
            {
                return false;
            }
        }

        if (v4 is null && v6 is null)
        {
            return false;
        }

        answer = new BlockAnswer(BlockAnswerKind.Address, v4, v6);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        BlockAnswerKind.Address => string.Join(',', new[] { IPv4, IPv6 }.Where(a => a is not null).Select(a => new IPAddress(a!).ToString())),
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
