namespace HomeFilter.Rules.Lists;

/// <summary>The syntax of a blocklist file.</summary>
public enum ListFormat
{
    /// <summary>Decide per line from its shape, and report the format most lines had.</summary>
    Auto = 0,

    /// <summary>hosts file: <c>0.0.0.0 a.example b.example</c>, <c>127.0.0.1 …</c>, <c>::1 …</c>, <c>#</c> comments.</summary>
    Hosts,

    /// <summary>One domain per line, <c>#</c> comments.</summary>
    Domains,

    /// <summary>One <c>*.example.com</c> per line (read as the domain and all below it), <c>#</c> comments.</summary>
    Wildcard,

    /// <summary>The domain subset of adblock syntax: <c>||example.com^</c>, <c>@@||…^</c>, <c>|example.com^</c>, <c>!</c> comments.</summary>
    Adblock,
}
