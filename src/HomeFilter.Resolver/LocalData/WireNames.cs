using System.Text;

namespace HomeFilter.Resolver.LocalData;

/// <summary>Conversions between dotted names and wire names, for data built once per snapshot (never per query).</summary>
public static class WireNames
{
    /// <summary>The lower-case wire form of a normalised dotted name ("" or "." is the root).</summary>
    public static byte[] FromDotted(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.TrimEnd('.').ToLowerInvariant();
        if (trimmed.Length == 0)
        {
            return [0];
        }

        var bytes = new List<byte>(trimmed.Length + 2);
        foreach (var label in trimmed.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                throw new ArgumentException($"'{name}' is not a valid domain name", nameof(name));
            }

            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return bytes.Count > 255 ? throw new ArgumentException($"'{name}' is too long", nameof(name)) : [.. bytes];
    }

    /// <summary>The dotted form of a wire name (no trailing dot; "." for the root).</summary>
    public static string ToDotted(ReadOnlySpan<byte> wire)
    {
        if (wire.Length <= 1)
        {
            return ".";
        }

        var builder = new StringBuilder(wire.Length);
        var at = 0;
        while (at < wire.Length && wire[at] != 0)
        {
            var length = wire[at];
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Encoding.ASCII.GetString(wire.Slice(at + 1, Math.Min(length, wire.Length - at - 1))));
            at += 1 + length;
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="name"/> is <paramref name="zone"/> or below it (both lower-case wire names).</summary>
    public static bool IsAtOrBelow(ReadOnlySpan<byte> name, ReadOnlySpan<byte> zone)
    {
        var at = 0;
        while (at < name.Length)
        {
            if (name.Length - at == zone.Length)
            {
                return name[at..].SequenceEqual(zone);
            }

            if (name.Length - at < zone.Length || name[at] == 0)
            {
                return false;
            }

            at += 1 + name[at];
        }

        return false;
    }
}
