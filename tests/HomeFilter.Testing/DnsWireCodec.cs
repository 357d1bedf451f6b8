using System.Reflection;
using ARSoft.Tools.Net.Dns;

namespace HomeFilter.Testing;

/// <summary>
/// Turns ARSoft.Tools.Net messages into wire bytes and back. ARSoft 3.x parses publicly but keeps its
/// encoder internal, so the encoder is reached once by reflection (the package version is pinned centrally).
/// </summary>
public static class DnsWireCodec
{
    private static readonly Func<DnsMessageBase, DnsRawPackage> EncodeMethod = FindEncoder();

    /// <summary>The message as sent on the wire (no TCP length prefix).</summary>
    public static byte[] Encode(DnsMessageBase message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var segment = EncodeMethod(message).ToArraySegment(false);
        return segment.AsSpan().ToArray();
    }

    /// <summary>Parses a complete DNS message (no TCP length prefix).</summary>
    public static DnsMessage Decode(ReadOnlySpan<byte> message) => DnsMessage.Parse(new ArraySegment<byte>(message.ToArray()));

    private static Func<DnsMessageBase, DnsRawPackage> FindEncoder()
    {
        var method = typeof(DnsMessageBase).GetMethod("Encode", BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes)
            ?? throw new InvalidOperationException("ARSoft.Tools.Net no longer has DnsMessageBase.Encode(); update DnsWireCodec.");
        return method.CreateDelegate<Func<DnsMessageBase, DnsRawPackage>>();
    }
}
