namespace HomeFilter.Rules.Lists;

/// <summary>Why a list line (or one name on a hosts line) was not turned into an entry.</summary>
public enum SkipReason
{
    /// <summary>Not a valid domain name (characters, label or name length, bad punycode).</summary>
    InvalidName = 0,

    /// <summary>An IP address where a name was expected (IP lists are not name lists).</summary>
    IpAddress,

    /// <summary>A hosts-file housekeeping name such as <c>localhost</c> or <c>ip6-allnodes</c>.</summary>
    LocalhostEntry,

    /// <summary>A hosts line mapping names to a real address: a redirect, not a block.</summary>
    NonSinkAddress,

    /// <summary>A URL with a path, query or port: the DNS level sees only the host name.</summary>
    Path,

    /// <summary>A cosmetic (element hiding) adblock rule: <c>##</c>, <c>#@#</c>, <c>#?#</c>, <c>#$#</c>.</summary>
    Cosmetic,

    /// <summary>A regular-expression rule (<c>/…/</c>).</summary>
    Regex,

    /// <summary>An adblock <c>$</c> option the DNS level cannot apply (everything but <c>important</c> and <c>all</c>).</summary>
    UnsupportedModifier,

    /// <summary>A pattern with wildcards or separators in places a domain rule cannot express.</summary>
    UnsupportedPattern,

    /// <summary>A line with a shape no supported format has.</summary>
    Malformed,
}
