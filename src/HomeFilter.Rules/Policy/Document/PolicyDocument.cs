using System.Text.Json.Serialization;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// The whole filtering policy as one JSON document: categories and their lists, explicit allow and deny
/// domains, the rules for clients in no group, the groups, local records and conditional forwarding.
/// Property names are camelCase in JSON; <c>docs/policy.md</c> describes every field.
/// </summary>
public sealed class PolicyDocument
{
    /// <summary>IANA or Windows time zone id used for schedules and night windows; the machine's zone when absent.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Category name → its lists. Names are lower-case letters, digits and <c>-</c>/<c>_</c>.</summary>
    public Dictionary<string, CategoryDefinition> Categories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Domains (with subdomains) never blocked by categories or schedules, for every client.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>Domains (with subdomains) blocked for every client, whatever the categories say.</summary>
    public List<string> Deny { get; set; } = [];

    /// <summary>How blocked names are answered unless a group says otherwise: <c>null</c> (default), <c>nxdomain</c>, <c>refused</c>, or IP addresses (comma separated, at most one IPv4 and one IPv6).</summary>
    public string? BlockMode { get; set; }

    /// <summary>The rules for clients that match no group.</summary>
    public GroupRules Default { get; set; } = new();

    /// <summary>Device groups; a client belongs to the group with its most specific matching address or prefix.</summary>
    public List<GroupDefinition> Groups { get; set; } = [];

    /// <summary>Names answered authoritatively from the policy (e.g. <c>printer.home</c>).</summary>
    public List<LocalRecordDefinition> Local { get; set; } = [];

    /// <summary>Domains forwarded to a given server instead of the upstreams (e.g. <c>home.arpa</c> to the router).</summary>
    public List<ForwardZoneDefinition> Forward { get; set; } = [];
}

/// <summary>One category: where its lists come from.</summary>
public sealed class CategoryDefinition
{
    /// <summary>List files (relative to the policy file's folder, or absolute) or <c>http(s)://</c> URLs.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>Optional text for people.</summary>
    public string? Description { get; set; }
}

/// <summary>What applies to a set of clients.</summary>
public class GroupRules
{
    /// <summary>Categories blocked at all times.</summary>
    public List<string> Block { get; set; } = [];

    /// <summary>Rewrite the big search engines and YouTube to their enforced safe modes.</summary>
    public bool SafeSearch { get; set; }

    /// <summary>Windows that add blocks (<c>"*"</c>: everything except the allow entries).</summary>
    public List<ScheduleDefinition> Schedules { get; set; } = [];

    /// <summary>Overrides the document's <see cref="PolicyDocument.BlockMode"/> for this group.</summary>
    public string? BlockMode { get; set; }

    /// <summary>Block DNS bypass routes (DoH canary, iCloud Private Relay, public DoH/DoT resolvers, VPN/proxy services).
    /// Absent: on when the group blocks anything.</summary>
    public bool? BypassProtection { get; set; }

    /// <summary>What the query log keeps for these clients: <c>all</c> (default), <c>blocked</c> or <c>none</c>.</summary>
    public string? Log { get; set; }

    /// <summary>Store client addresses truncated (IPv4 /24, IPv6 /48) instead of whole, e.g. for public PCs.</summary>
    public bool AnonymizeClients { get; set; }

    /// <summary>Alert rule settings for these clients; defaults apply when absent.</summary>
    public GroupAlertSettings? Alerts { get; set; }
}

/// <summary>A named group of clients with its rules.</summary>
public sealed class GroupDefinition : GroupRules
{
    /// <summary>Unique name shown in the admin UI and the query log.</summary>
    public string Name { get; set; } = "";

    /// <summary>IPv4/IPv6 addresses and CIDR prefixes.</summary>
    public List<string> Clients { get; set; } = [];
}

/// <summary>A weekly window that adds blocks; <see cref="From"/> after <see cref="To"/> crosses midnight.</summary>
public sealed class ScheduleDefinition
{
    /// <summary>Optional name for explanations (e.g. "bedtime").</summary>
    public string? Name { get; set; }

    /// <summary>Days the window starts on: <c>mon</c>…<c>sun</c>; all days when empty.</summary>
    public List<string> Days { get; set; } = [];

    /// <summary>Start, local time <c>HH:mm</c>.</summary>
    public string From { get; set; } = "";

    /// <summary>End, local time <c>HH:mm</c> (exclusive); equal to <see cref="From"/> means the whole day.</summary>
    public string To { get; set; } = "";

    /// <summary>Categories blocked during the window, or <c>"*"</c>.</summary>
    public List<string> Block { get; set; } = [];
}

/// <summary>A name answered from the policy.</summary>
public sealed class LocalRecordDefinition
{
    /// <summary>The owner name (answered for itself only, not its subdomains).</summary>
    public string Name { get; set; } = "";

    /// <summary>IPv4 addresses.</summary>
    public List<string> A { get; set; } = [];

    /// <summary>IPv6 addresses.</summary>
    public List<string> Aaaa { get; set; } = [];

    /// <summary>An alias target (alone: no addresses with it).</summary>
    public string? Cname { get; set; }

    /// <summary>Text strings.</summary>
    public List<string> Txt { get; set; } = [];

    /// <summary>Time to live in seconds (default 300).</summary>
    public int? Ttl { get; set; }
}

/// <summary>Conditional forwarding: a domain and its subdomains go to these servers.</summary>
public sealed class ForwardZoneDefinition
{
    /// <summary>The domain, e.g. <c>home.arpa</c>.</summary>
    public string Domain { get; set; } = "";

    /// <summary>Servers as <c>ip</c> or <c>ip:port</c> (plain DNS).</summary>
    public List<string> Servers { get; set; } = [];
}

/// <summary>Alert rule settings for a group; every rule is on by default.</summary>
public sealed class GroupAlertSettings
{
    /// <summary>Night activity: non-background queries inside the window.</summary>
    public NightActivitySettings? NightActivity { get; set; }

    /// <summary>Categories whose first blocked hit per device per day raises an alert; default adult, gambling, dating (those defined).</summary>
    public List<string>? SensitiveCategories { get; set; }

    /// <summary>Alert on bypass attempts (DoH canary, DoH/VPN/proxy providers, iCloud Private Relay).</summary>
    public bool? Bypass { get; set; }

    /// <summary>Alert when an active device falls silent while others stay active.</summary>
    public SilenceSettings? Silence { get; set; }
}

/// <summary>The night window.</summary>
public sealed class NightActivitySettings
{
    /// <summary>On unless false.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Start, local <c>HH:mm</c> (default 23:00).</summary>
    public string From { get; set; } = "23:00";

    /// <summary>End, local <c>HH:mm</c> (default 05:00).</summary>
    public string To { get; set; } = "05:00";
}

/// <summary>The silent-device rule.</summary>
public sealed class SilenceSettings
{
    /// <summary>On unless false.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Minutes without a query, while other devices query, before the alert (default 30).</summary>
    public int Minutes { get; set; } = 30;
}

/// <summary>System.Text.Json metadata for the policy document (camelCase, comments and trailing commas allowed).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PolicyDocument))]
public sealed partial class PolicyJsonContext : JsonSerializerContext;
