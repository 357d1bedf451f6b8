namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>
/// A client ID is one DNS label (RFC 1035 letters, digits and hyphens, 1 to 63 characters, no hyphen at either
/// end), compared lower-case. The same rule for the DoH path and the first label of a TLS server name.
/// </summary>
public static class ClientIdLabel
{
    public const int MaxLength = 63;

    /// <summary>The lower-cased label, or null when <paramref name="text"/> is not a valid label.</summary>
    public static string? TryRead(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > MaxLength || text[0] == '-' || text[^1] == '-')
        {
            return null;
        }

        var upper = false;
        foreach (var c in text)
        {
            if (c is >= 'A' and <= 'Z')
            {
                upper = true;
            }
            else if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return null;
            }
        }

        if (!upper)
        {
            return new string(text);
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
    }
}
