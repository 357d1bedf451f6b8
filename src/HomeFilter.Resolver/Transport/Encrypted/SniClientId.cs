namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>
/// The client ID a DoT or DoQ client sends in its TLS server name (SNI): <c>&lt;client-id&gt;.&lt;host&gt;</c>, where
/// <c>host</c> is a DNS name of the server certificate (a wildcard <c>*.host</c> counts as <c>host</c>). When the
/// server name ends with <c>.host</c>, i.e. has more labels than the host name, the client ID is its first label
/// (<c>emma-phone.dns.home.arpa</c> with a certificate for <c>dns.home.arpa</c> or <c>*.dns.home.arpa</c> gives
/// <c>emma-phone</c>). The host name itself, another name, no SNI or an invalid first label give no client ID.
/// Evaluated once per connection.
/// </summary>
public static class SniClientId
{
    /// <param name="serverName">The SNI the client sent (null or empty when it sent none).</param>
    /// <param name="hostNames">The certificate's host names, lower-case, without the <c>*.</c> of a wildcard.</param>
    public static string? From(string? serverName, IReadOnlyList<string> hostNames)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        if (string.IsNullOrEmpty(serverName))
        {
            return null;
        }

        var name = serverName.AsSpan().TrimEnd('.');
        for (var i = 0; i < hostNames.Count; i++)
        {
            var host = hostNames[i];
            if (host.Length == 0 || name.Length <= host.Length + 1)
            {
                continue;
            }

            var suffixStart = name.Length - host.Length;
            if (name[suffixStart - 1] == '.' && name[suffixStart..].Equals(host, StringComparison.OrdinalIgnoreCase))
            {
                var prefix = name[..(suffixStart - 1)];
                var dot = prefix.IndexOf('.');
                return ClientIdLabel.TryRead(dot < 0 ? prefix : prefix[..dot]);
            }
        }

        return null;
    }
}
