using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// The short, stable id of a list source, used in <c>/api/lists/{id}</c>. A source that is already an id (a catalog
/// id such as <c>ut1-adult</c>) is its own id; any other source (a URL, a path) is <c>src-</c> and the first 12 hex
/// digits of the SHA-256 of its text, so the id survives restarts and never leaks into a URL path unescaped.
/// </summary>
public static partial class ListSourceId
{
    public static string For(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (CatalogId().IsMatch(source))
        {
            return source;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(source), hash);
        return "src-" + Convert.ToHexStringLower(hash)[..12];
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CatalogId();
}
