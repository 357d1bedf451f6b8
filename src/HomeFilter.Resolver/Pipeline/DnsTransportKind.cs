namespace HomeFilter.Resolver.Pipeline;

public enum DnsTransportKind : byte
{
    Udp,
    Tcp,
}
