using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace HomeFilter.Rules.Names;

/// <summary>
/// Normalisation and validation of domain names as lists and queries spell them:
/// lower-case ASCII, no trailing dot, internationalised names in their punycode (A-label) form.
/// </summary>
/// <remarks>
/// Allowed characters are letters, digits, <c>-</c> and <c>_</c> (service labels such as <c>_dmarc</c>
/// appear in real lists). Hyphen placement is not policed: DNS itself allows any octet, and blocking a
/// name that a registry would refuse does no harm.
/// </remarks>
public static class DomainName
{
    /// <summary>Longest name in presentation form without the trailing dot (RFC 1035: 255 octets on the wire).</summary>
    public const int MaxNameLength = 253;

    /// <summary>Longest label (RFC 1035).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>
    /// Normalises <paramref name="input"/> into <paramref name="destination"/>, which must hold at least
    /// <see cref="MaxNameLength"/> characters. Returns <see cref="DomainNameError.None"/> on success.
    /// </summary>
    public static DomainNameError TryNormalize(ReadOnlySpan<char> input, Span<char> destination, out int written)
    {
        written = 0;
        input = input.Trim();
        if (input.Length > 0 && input[^1] == '.')
        {
            input = input[..^1];
        }

        if (input.IsEmpty)
        {
            return DomainNameError.Empty;
        }

        if (!System.Text.Ascii.IsValid(input))
        {
            return NormalizeInternational(input, destination, out written);
        }

        if (input.Length > MaxNameLength)
        {
            return DomainNameError.NameTooLong;
        }

        var error = LowerAndValidate(input, destination[..input.Length]);
        if (error != DomainNameError.None)
        {
            return error;
        }

        written = input.Length;
        return DomainNameError.None;
    }

    /// <summary>Normalises a name, returning the normalised string or the reason it is not a valid name.</summary>
    public static bool TryNormalize(string input, [NotNullWhen(true)] out string? normalized, out DomainNameError error)
    {
        ArgumentNullException.ThrowIfNull(input);
        Span<char> buffer = stackalloc char[MaxNameLength];
        error = TryNormalize(input.AsSpan(), buffer, out var written);
        if (error != DomainNameError.None)
        {
            normalized = null;
            return false;
        }

        var result = buffer[..written];
        normalized = result.SequenceEqual(input) ? input : new string(result);
        return true;
    }

    /// <summary>Normalises a name or throws <see cref="FormatException"/> saying why it is invalid.</summary>
    public static string Normalize(string input)
    {
        return TryNormalize(input, out var normalized, out var error)
            ? normalized
            : throw new FormatException($"'{input}' is not a valid domain name: {error}.");
    }

    /// <summary>Checks a name that is already lower-case ASCII without a trailing dot.</summary>
    public static DomainNameError Validate(ReadOnlySpan<char> normalized)
    {
        if (normalized.IsEmpty)
        {
            return DomainNameError.Empty;
        }

        if (normalized.Length > MaxNameLength)
        {
            return DomainNameError.NameTooLong;
        }

        var labelLength = 0;
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return DomainNameError.EmptyLabel;
                }

                labelLength = 0;
                continue;
            }

            if (!IsNameChar(c) || c is >= 'A' and <= 'Z')
            {
                return DomainNameError.InvalidCharacter;
            }

            if (++labelLength > MaxLabelLength)
            {
                return DomainNameError.LabelTooLong;
            }
        }

        if (labelLength == 0)
        {
            return DomainNameError.EmptyLabel;
        }

        return IsDottedQuad(normalized) ? DomainNameError.IpAddress : DomainNameError.None;
    }

    /// <summary>True for an IPv4 dotted quad or an IPv6 literal: addresses, not names.</summary>
    public static bool IsIpAddress(ReadOnlySpan<char> text)
    {
        return text.Contains(':') ? IPAddress.TryParse(text, out _) : IsDottedQuad(text);
    }

    /// <summary>Counts the labels of a normalised name (0 for the empty root name).</summary>
    public static int CountLabels(ReadOnlySpan<char> normalized)
    {
        return normalized.IsEmpty ? 0 : normalized.Count('.') + 1;
    }

    private static DomainNameError LowerAndValidate(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (source.Contains(':') && IPAddress.TryParse(source, out _))
        {
            return DomainNameError.IpAddress;
        }

        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c is >= 'A' and <= 'Z')
            {
                c = (char)(c | 0x20);
            }
            else if (c != '.' && !IsNameChar(c))
            {
                return DomainNameError.InvalidCharacter;
            }

            destination[i] = c;
        }

        return Validate(destination);
    }

    private static DomainNameError NormalizeInternational(ReadOnlySpan<char> input, Span<char> destination, out int written)
    {
        written = 0;
        string ascii;
        try
        {
            // Lower-case first: with invariant globalization IdnMapping does not case-fold non-ASCII letters.
            // A fresh instance per call: IdnMapping is not documented as thread-safe, and this path is rare.
            ascii = new IdnMapping { AllowUnassigned = false, UseStd3AsciiRules = false }
                .GetAscii(input.ToString().ToLowerInvariant());
        }
        catch (ArgumentException)
        {
            return DomainNameError.InvalidInternationalName;
        }

        if (ascii.Length > 0 && ascii[^1] == '.')
        {
            ascii = ascii[..^1];
        }

        if (ascii.Length > MaxNameLength)
        {
            return DomainNameError.NameTooLong;
        }

        var error = LowerAndValidate(ascii, destination[..ascii.Length]);
        if (error != DomainNameError.None)
        {
            return error;
        }

        written = ascii.Length;
        return DomainNameError.None;
    }

    private static bool IsNameChar(char c)
    {
        return c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_';
    }

    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var dots = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0)
                {
                    return false;
                }

                dots++;
                digits = 0;
            }
            else if (c is >= '0' and <= '9')
            {
                if (++digits > 3)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        return dots == 3 && digits > 0;
    }
}
