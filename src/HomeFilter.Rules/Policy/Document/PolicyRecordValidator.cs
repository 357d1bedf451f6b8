using System.Net.Sockets;
using System.Text;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>Checks local records and conditional forwarding zones.</summary>
internal static class PolicyRecordValidator
{
    private const int MaxTtl = 86400;
    private const int MaxTxtStringBytes = 255;

    public static void CheckLocal(List<LocalRecordDefinition> records, string path, List<PolicyError> errors)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r] ?? new LocalRecordDefinition();
            var recordPath = JsonPath.Index(path, r);
            var namePath = JsonPath.Property(recordPath, "name");
            if (string.IsNullOrWhiteSpace(record.Name))
            {
                errors.Add(new PolicyError(namePath, "a local record needs a name"));
            }
            else if (PolicyDocumentValidator.CheckDomain(record.Name, namePath, errors) is { } name && !names.TryAdd(name, namePath))
            {
                errors.Add(new PolicyError(namePath, $"'{name}' is already defined at {names[name]}"));
            }

            var a = record.A ?? [];
            var aaaa = record.Aaaa ?? [];
            var txt = record.Txt ?? [];
            if (record.Cname is null && a.Count == 0 && aaaa.Count == 0 && txt.Count == 0)
            {
                errors.Add(new PolicyError(recordPath, "a local record needs at least one of a, aaaa, cname or txt"));
            }

            if (record.Cname is not null)
            {
                var cnamePath = JsonPath.Property(recordPath, "cname");
                PolicyDocumentValidator.CheckDomain(record.Cname, cnamePath, errors);
                if (a.Count > 0 || aaaa.Count > 0 || txt.Count > 0)
                {
                    errors.Add(new PolicyError(cnamePath, "a cname must stand alone: remove a, aaaa and txt from this record"));
                }
            }

            CheckAddresses(a, AddressFamily.InterNetwork, JsonPath.Property(recordPath, "a"), errors);
            CheckAddresses(aaaa, AddressFamily.InterNetworkV6, JsonPath.Property(recordPath, "aaaa"), errors);
            var txtPath = JsonPath.Property(recordPath, "txt");
            for (var i = 0; i < txt.Count; i++)
            {
                if (Encoding.UTF8.GetByteCount(txt[i] ?? "") > MaxTxtStringBytes)
                {
                    errors.Add(new PolicyError(JsonPath.Index(txtPath, i), $"a TXT string is at most {MaxTxtStringBytes} bytes; split it into several strings"));
                }
            }

            if (record.Ttl is < 0 or > MaxTtl)
            {
                errors.Add(new PolicyError(JsonPath.Property(recordPath, "ttl"), $"ttl must be between 0 and {MaxTtl} seconds, not {record.Ttl}"));
            }
        }
    }

    public static void CheckForward(List<ForwardZoneDefinition> zones, string path, List<PolicyError> errors)
    {
        var domains = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var z = 0; z < zones.Count; z++)
        {
            var zone = zones[z] ?? new ForwardZoneDefinition();
            var zonePath = JsonPath.Index(path, z);
            var domainPath = JsonPath.Property(zonePath, "domain");
            if (PolicyDocumentValidator.CheckDomain(zone.Domain, domainPath, errors) is { } domain && !domains.TryAdd(domain, domainPath))
            {
                errors.Add(new PolicyError(domainPath, $"'{domain}' is already forwarded at {domains[domain]}"));
            }

            var servers = zone.Servers ?? [];
            var serversPath = JsonPath.Property(zonePath, "servers");
            if (servers.Count == 0)
            {
                errors.Add(new PolicyError(serversPath, "a forward zone needs at least one server"));
            }

            for (var i = 0; i < servers.Count; i++)
            {
                if (!PolicySyntax.IsServer(servers[i] ?? ""))
                {
                    errors.Add(new PolicyError(JsonPath.Index(serversPath, i), $"'{servers[i]}' is not a server; use ip, ipv4:port or [ipv6]:port"));
                }
            }
        }
    }

    private static void CheckAddresses(List<string> addresses, AddressFamily family, string path, List<PolicyError> errors)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            var text = addresses[i] ?? "";
            if (!PolicySyntax.TryParseAddress(text, out var address) || address.AddressFamily != family)
            {
                var expected = family == AddressFamily.InterNetwork ? "an IPv4 address" : "an IPv6 address";
                errors.Add(new PolicyError(JsonPath.Index(path, i), $"'{text}' is not {expected}"));
            }
        }
    }
}
