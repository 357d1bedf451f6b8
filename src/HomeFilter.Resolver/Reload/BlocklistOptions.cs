namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Category lists to block for every client, bound from <c>HomeFilter:Blocklists</c>: a category name mapped to
/// list files (hosts, plain, wildcard or adblock; <c>.gz</c> allowed), e.g. <c>HomeFilter:Blocklists:adult:0=blocklists/adult.txt</c>.
/// </summary>
public sealed class BlocklistOptions
{
    public const string Section = "HomeFilter:Blocklists";

    public Dictionary<string, List<string>> Categories { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
