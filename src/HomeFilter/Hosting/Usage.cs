using System.Reflection;

namespace HomeFilter.Hosting;

/// <summary>What <c>HomeFilter --help</c> and <c>--version</c> print.</summary>
internal static class Usage
{
    public const string Text = """
        HomeFilter: a DNS content filter for homes and libraries.

        usage: HomeFilter [--listen IP:PORT] [--upstream RESOLVER] [--allow CIDR] [--data DIR] [--admin URL] [--Section:Key=value ...]
               HomeFilter lists stats|explain ...       what blocklists contain, why a name matches
               HomeFilter policy check|explain ...      check a policy file (lists included), explain a decision
               HomeFilter evidence export|verify ...    export a device's query log for reporting, check an export
               HomeFilter tls self-signed --host NAME   a certificate for DNS over HTTPS/TLS/QUIC on a LAN
               HomeFilter store migrate ...             apply the PostgreSQL store's migrations (HomeFilter:Store)
               HomeFilter --help | --version
        (a command run without its arguments prints its own usage)

        Without a command HomeFilter serves DNS until stopped (Ctrl+C). The short switches:
          --listen IP:PORT     HomeFilter:Dns:Listen:0          where to serve DNS, UDP and TCP (default 0.0.0.0:53 and [::]:53,
                                                                which needs root or cap_net_bind_service), e.g. 127.0.0.1:5353
          --upstream RESOLVER  HomeFilter:Dns:Upstreams:0       where to forward: ip[:port], tcp://ip:port, tls://host[:853],
                                                                https://host/dns-query (default Quad9, 9.9.9.9 and 149.112.112.112)
          --allow CIDR         HomeFilter:Dns:AllowedClients:0  clients that get answers (default loopback and private networks)
          --data DIR           HomeFilter:DataDirectory         logs, query log, policy.json, admin-token (default ./data)
          --admin URL          HomeFilter:Admin:Listen          the admin API (default http://127.0.0.1:8080)
        Any other setting: --HomeFilter:Section:Key=value, or HomeFilter__Section__Key=value in the environment.

        Every setting, the commands and the admin API: README.md; the policy document: docs/policy.md
        (both in the HomeFilter sources, beside src/).
        """;

    /// <summary>The product version (informational version when the build set one).</summary>
    public static string Version
    {
        get
        {
            var assembly = typeof(Usage).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString()
                ?? "unknown";
            return "HomeFilter " + version;
        }
    }
}
