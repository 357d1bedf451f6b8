namespace HomeFilter.Testing;

/// <summary>How a query reached the <see cref="LoopbackDnsServer"/>.</summary>
public enum TestTransport
{
    Udp,
    Tcp,
    Tls,
    Https,
}
