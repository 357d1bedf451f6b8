using System.Globalization;
using System.Text;

namespace HomeFilter.Admin.Devices;

/// <summary>What a device is told to use: its DoH URL, its DoT / Android Private DNS name, derived from the host, ports and its client ID.</summary>
public sealed record DeviceSetup(string? DohUrl, string? DotHost, int? DotPort, string? AndroidPrivateDns)
{
    public static DeviceSetup For(EncryptedDnsEndpoints endpoints, string clientId)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(clientId);
        if (endpoints.Host is not { } host)
        {
            return new DeviceSetup(null, null, null, null);
        }

        var doh = endpoints.HttpsPort is { } https ? DohUrlFor(host, https, clientId) : null;
        string? dot = null;
        string? android = null;
        if (endpoints.TlsPort is { } tls)
        {
            var name = clientId + "." + host;
            dot = tls == EncryptedDnsEndpoints.DefaultTlsPort ? name : name + ":" + tls.ToString(CultureInfo.InvariantCulture);
            // Android's Private DNS takes a name only (always port 853).
            android = name;
        }

        return new DeviceSetup(doh, dot, endpoints.TlsPort, android);
    }

    /// <summary><c>https://host[:port]/dns-query/{clientId}</c>, the port left out when it is 443.</summary>
    public static string DohUrlFor(string host, int port, string clientId)
    {
        var authority = host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host;
        if (port != EncryptedDnsEndpoints.DefaultHttpsPort)
        {
            authority += ":" + port.ToString(CultureInfo.InvariantCulture);
        }

        return $"https://{authority}/dns-query/{clientId}";
    }

    /// <summary>
    /// A client ID from a device's name: a lower-case DNS label of letters, digits and hyphens ("Emma's Phone" →
    /// "emmas-phone"; accents dropped; at most 63 characters), "device" when nothing is left.
    /// </summary>
    public static string SuggestClientId(string? name)
    {
        var decomposed = (name ?? "").Normalize(NormalizationForm.FormD);
        var label = new StringBuilder();
        var hyphen = false;
        foreach (var original in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(original) == UnicodeCategory.NonSpacingMark || original is '\'' or '\u2019')
            {
                continue;
            }

            // Without ICU (invariant globalization) nothing is decomposed: Latin letters with accents are folded by hand.
            var c = char.ToLowerInvariant(original);
            var folded = c is >= '\u00e0' and <= '\u00ff' ? Latin1Folds[c - '\u00e0'] : c;
            if (char.IsAsciiLetterOrDigit(folded))
            {
                if (hyphen && label.Length > 0)
                {
                    label.Append('-');
                }

                label.Append(folded);
                hyphen = false;
            }
            else
            {
                hyphen = true;
            }

            if (label.Length >= 63)
            {
                break;
            }
        }

        var text = label.ToString().TrimEnd('-');
        return text.Length == 0 ? "device" : text[..Math.Min(text.Length, 63)].TrimEnd('-');
    }

    // à á â ã ä å æ ç è é ê ë ì í î ï ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ: their plain letter ('-' for none).
    private const string Latin1Folds = "aaaaaaaceeeeiiiidnooooo-ouuuuy-y";

    /// <summary>Whether text is a client ID a device can present: one lower-case DNS label (letters, digits, inner hyphens, 1–63).</summary>
    public static bool IsClientId(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 63 || text[0] == '-' || text[^1] == '-')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
