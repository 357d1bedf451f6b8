using System.Buffers.Binary;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// The query sent upstream, in a buffer with two spare bytes in front so the same bytes go out over UDP and,
/// with the RFC 7766 length prefix filled in, over TCP/TLS. The expected answer's question is read back from it.
/// </summary>
internal readonly struct UpstreamQuery(byte[] buffer, int length, int questionEnd)
{
    public const int PrefixLength = 2;

    /// <summary>Header + longest name + type/class + OPT, plus the prefix.</summary>
    public const int MaxBufferLength = PrefixLength + UpstreamQueryWriter.MaxLength;

    public byte[] Buffer => buffer;

    /// <summary>Length of the DNS message (without the prefix).</summary>
    public int Length => length;

    /// <summary>Offset in the message just past the question (name, type, class).</summary>
    public int QuestionEnd => questionEnd;

    public ReadOnlyMemory<byte> Message => buffer.AsMemory(PrefixLength, length);

    /// <summary>The message with its length prefix (written by <see cref="WriteLengthPrefix"/>).</summary>
    public ReadOnlyMemory<byte> Framed => buffer.AsMemory(0, PrefixLength + length);

    public ReadOnlySpan<byte> MessageSpan => buffer.AsSpan(PrefixLength, length);

    public ushort Id => BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(PrefixLength));

    /// <summary>A fresh ID for each attempt, so an answer to an earlier attempt cannot be taken for this one.</summary>
    public void SetId(ushort id) => BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(PrefixLength), id);

    public void WriteLengthPrefix() => BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)length);
}
