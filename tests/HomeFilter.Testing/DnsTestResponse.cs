using ARSoft.Tools.Net.Dns;

namespace HomeFilter.Testing;

/// <summary>An answer as received: the raw bytes (no TCP length prefix) and the same bytes parsed by ARSoft.Tools.Net.</summary>
public sealed record DnsTestResponse(byte[] Raw, DnsMessage Message);
