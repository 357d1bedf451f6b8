using System.Buffers.Binary;
using System.IO.Hashing;

namespace HomeFilter.Rules.Compiled;

/// <summary>
/// The layout of a rules file, shared by writer and reader. All integers little-endian.
/// </summary>
/// <remarks>
/// <code>
///  0  8  magic "HFRULES\0"
///  8  4  format version (<see cref="Version"/>)
/// 12  4  header size (64)
/// 16  8  file length
/// 24  8  XxHash3 of bytes 32 .. file length (the rest of the header, the metadata, the padding and the data)
/// 32  8  metadata offset     40  8  metadata length
/// 48  8  data offset (a multiple of 64)   56  8  data length
/// </code>
/// The metadata holds the caller's input description, the value table, the segment offsets, the build
/// figures and each list's parse report; the data is the trie's segments end to end, exactly as lookups read
/// them, so a start maps or reads it and looks up at once. The version changes whenever the trie layout
/// (<c>TrieFormat</c>) or the metadata changes: an older file is then rebuilt, never misread.
/// </remarks>
internal static class RuleFileFormat
{
    public const int Version = 2;
    public const int HeaderSize = 64;
    public const int DataAlignment = 64;
    public const int ChecksumStart = 32;
    public static ReadOnlySpan<byte> Magic => "HFRULES\0"u8;

    /// <summary>A checksum over the header's tail, the metadata and the padding; append the data, then read it.</summary>
    public static XxHash3 StartChecksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> metadata, int padding)
    {
        var hash = new XxHash3();
        hash.Append(header[ChecksumStart..]);
        hash.Append(metadata);
        Span<byte> zeros = stackalloc byte[DataAlignment];
        zeros.Clear();
        hash.Append(zeros[..padding]);
        return hash;
    }

    public static ulong ReadUInt64(ReadOnlySpan<byte> header, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(header[offset..]);

    public static void WriteUInt64(Span<byte> header, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(header[offset..], value);
}
