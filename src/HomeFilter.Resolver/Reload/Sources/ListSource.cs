namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>Tells a list source that is a URL from one that is a file, and finds the file.</summary>
public static class ListSource
{
    /// <summary>True for an absolute http or https URL with a host; anything else is not downloaded.</summary>
    public static bool IsUrl(string source) => Classify(source, out _) == ListSourceKind.Url;

    /// <summary>
    /// Classifies a source. Only http and https are downloaded; any other scheme is refused with
    /// <paramref name="error"/> saying why, so a typo such as <c>file:///x</c> or <c>htps://x</c> is not silently read as a
    /// relative path. A single letter before the colon is a Windows drive, so <c>C:\lists\a.txt</c> stays a path.
    /// </summary>
    public static ListSourceKind Classify(string source, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(source))
        {
            error = "The list source is empty.";
            return ListSourceKind.Invalid;
        }

        var trimmed = source.Trim();
        var schemeLength = SchemeLength(trimmed);
        if (schemeLength < 2)
            return ListSourceKind.Path;

        var scheme = trimmed[..schemeLength];
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            error = $"The list source '{source}' uses the scheme '{scheme}:'; only http and https URLs are downloaded, and a file is named by its path without a scheme.";
            return ListSourceKind.Invalid;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || !trimmed.AsSpan(schemeLength).StartsWith("://", StringComparison.Ordinal))
        {
            error = $"The list source '{source}' is not a valid {scheme} URL (expected {scheme}://host/path).";
            return ListSourceKind.Invalid;
        }

        return ListSourceKind.Url;
    }

    /// <summary>
    /// The file a path source names: an absolute path stays as written; a relative one is taken from
    /// <paramref name="baseDirectory"/> (the policy's folder), not from the process's working directory, which differs
    /// between a service and a shell.
    /// </summary>
    public static string ResolvePath(string source, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        if (Classify(source, out var error) != ListSourceKind.Path)
            throw new ArgumentException(error ?? $"'{source}' is a URL, not a path.", nameof(source));

        var trimmed = source.Trim();
        return Path.IsPathRooted(trimmed) ? trimmed : Path.GetFullPath(Path.Combine(baseDirectory, trimmed));
    }

    /// <summary>Length of a leading RFC 3986 scheme (<c>ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )</c>) followed by ':', or 0.</summary>
    private static int SchemeLength(string text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
            return 0;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ':')
                return i;
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
                return 0;
        }

        return 0;
    }
}
