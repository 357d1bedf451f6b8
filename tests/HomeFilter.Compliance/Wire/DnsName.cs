using System.Text;

namespace HomeFilter.Compliance.Wire;

/// <summary>Domain names on the wire, as the checks need them: written uncompressed, read with pointers.</summary>
internal static class DnsName
{
    private const int MaxPointerHops = 64;

    /// <summary>Trims the trailing dot; the root is the empty string.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name == "." ? "" : name.TrimEnd('.');
    }

    public static bool AreEqual(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    public static void Write(List<byte> buffer, string name)
    {
        var normalized = Normalize(name);
        var written = 0;
        if (normalized.Length > 0)
        {
            foreach (var label in normalized.Split('.'))
            {
                var bytes = Encoding.ASCII.GetBytes(label);
                if (bytes.Length is 0 or > 63)
                {
                    throw new ArgumentException($"'{name}' has an empty label or one longer than 63 bytes.", nameof(name));
                }

                buffer.Add((byte)bytes.Length);
                buffer.AddRange(bytes);
                written += bytes.Length + 1;
            }
        }

        buffer.Add(0);
        if (written + 1 > 255)
        {
            throw new ArgumentException($"'{name}' is longer than 255 bytes on the wire.", nameof(name));
        }
    }

    /// <summary>
    /// Reads the name at <paramref name="offset"/> (following compression pointers) and returns the
    /// bytes it takes at that place, or -1 when the name is malformed.
    /// </summary>
    public static int TryRead(ReadOnlySpan<byte> message, int offset, out string name)
    {
        name = "";
        var builder = new StringBuilder();
        var position = offset;
        var consumed = -1;
        var hops = 0;
        var wireLength = 0;
        while (true)
        {
            if ((uint)position >= (uint)message.Length)
            {
                return -1;
            }

            var length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length || ++hops > MaxPointerHops)
                {
                    return -1;
                }

                if (consumed < 0)
                {
                    consumed = position + 2 - offset;
                }

                position = ((length & 0x3F) << 8) | message[position + 1];
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                return -1; // the extended label types are long dead
            }

            if (length == 0)
            {
                if (consumed < 0)
                {
                    consumed = position + 1 - offset;
                }

                name = builder.ToString();
                return consumed;
            }

            if (position + 1 + length > message.Length || (wireLength += length + 1) > 255)
            {
                return -1;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Encoding.Latin1.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
        }
    }
}
