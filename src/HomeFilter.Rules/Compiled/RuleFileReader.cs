using System.Buffers.Binary;
using HomeFilter.Rules.Trie;
using HomeFilter.Rules.Trie.Memory;

namespace HomeFilter.Rules.Compiled;

/// <summary>
/// Reads a rules file written by <see cref="RuleFileWriter"/> into one block and checks it whole (length,
/// magic, version, checksum, then every offset) before a trie is made over it: a file that fails any check is
/// reported, never used.
/// </summary>
public static class RuleFileReader
{
    /// <summary>Reads and checks <paramref name="path"/>; <paramref name="kind"/> says where its bytes go.</summary>
    public static RuleFileReadResult Read(string path, TrieMemoryKind kind = TrieMemoryKind.Native)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TrieMemory memory;
        try
        {
            memory = Load(path, kind, out var error);
            if (error is not null)
            {
                return new RuleFileReadResult(null, error);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new RuleFileReadResult(null, "no rules file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RuleFileReadResult(null, $"cannot read it: {e.Message.TrimEnd('.')}");
        }

        try
        {
            return Check(memory);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidOperationException or OverflowException or FormatException)
        {
            return new RuleFileReadResult(null, $"corrupt metadata ({e.GetType().Name})");
        }
    }

    /// <summary>
    /// The input description stored in <paramref name="path"/>, read without the rest and NOT checked against the
    /// checksum: only for deciding early that a file is stale (and skipping its data); null when it cannot be read.
    /// A file whose inputs match must still go through <see cref="Read"/>.
    /// </summary>
    public static byte[]? PeekInputs(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            Span<byte> header = stackalloc byte[RuleFileFormat.HeaderSize + sizeof(int)];
            if (file.Length < header.Length || RandomAccess.Read(file.SafeFileHandle, header, 0) != header.Length ||
                !header[..8].SequenceEqual(RuleFileFormat.Magic) || BinaryPrimitives.ReadInt32LittleEndian(header[8..]) != RuleFileFormat.Version)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(header[RuleFileFormat.HeaderSize..]);
            if (length < 0 || RuleFileFormat.HeaderSize + sizeof(int) + (long)length > file.Length)
            {
                return null;
            }

            var inputs = new byte[length];
            return RandomAccess.Read(file.SafeFileHandle, inputs, RuleFileFormat.HeaderSize + sizeof(int)) == length ? inputs : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static TrieMemory Load(string path, TrieMemoryKind kind, out string? error)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        var length = file.Length;
        error = length < RuleFileFormat.HeaderSize ? $"truncated ({length} bytes, shorter than its header)"
            : length >= int.MaxValue ? $"too large ({length} bytes)"
            : null;
        if (error is not null)
        {
            return null!;
        }

        switch (kind)
        {
            case TrieMemoryKind.Mapped:
                return new MappedTrieMemory(path, length);
            case TrieMemoryKind.Pinned:
                var pinned = new PinnedTrieMemory((int)length);
                ReadAll(file, pinned.Writable);
                return pinned;
            default:
                var native = new NativeTrieMemory(length);
                ReadAll(file, native.Writable);
                return native;
        }
    }

    private static void ReadAll(FileStream file, Span<byte> destination)
    {
        var read = 0;
        while (read < destination.Length)
        {
            var n = RandomAccess.Read(file.SafeFileHandle, destination[read..], read);
            if (n == 0)
            {
                throw new IOException("the file shrank while it was read");
            }

            read += n;
        }
    }

    private static unsafe RuleFileReadResult Check(TrieMemory memory)
    {
        var bytes = memory.Span;
        var header = bytes[..RuleFileFormat.HeaderSize];
        if (!header[..8].SequenceEqual(RuleFileFormat.Magic))
        {
            return Fail("not a rules file (wrong magic)");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != RuleFileFormat.Version)
        {
            return Fail($"format version {version}, this build reads {RuleFileFormat.Version}");
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(header[12..]) != RuleFileFormat.HeaderSize)
        {
            return Fail("corrupt header (wrong header size)");
        }

        var declared = RuleFileFormat.ReadUInt64(header, 16);
        if (declared != (ulong)bytes.Length)
        {
            return Fail(declared > (ulong)bytes.Length ? $"truncated ({bytes.Length} of {declared} bytes)" : $"{bytes.Length} bytes where the header says {declared}");
        }

        var metaOffset = RuleFileFormat.ReadUInt64(header, 32);
        var metaLength = RuleFileFormat.ReadUInt64(header, 40);
        var dataOffset = RuleFileFormat.ReadUInt64(header, 48);
        var dataLength = RuleFileFormat.ReadUInt64(header, 56);
        if (metaOffset != RuleFileFormat.HeaderSize || metaOffset + metaLength > dataOffset || dataOffset + dataLength != declared ||
            dataOffset % RuleFileFormat.DataAlignment != 0 || dataOffset - (metaOffset + metaLength) >= RuleFileFormat.DataAlignment)
        {
            return Fail("corrupt header (sections out of place)");
        }

        var meta = bytes.Slice((int)metaOffset, (int)metaLength);
        var padding = (int)(dataOffset - (metaOffset + metaLength));
        var data = bytes[(int)dataOffset..];
        var checksum = RuleFileFormat.StartChecksum(header, meta, padding);
        checksum.Append(data);
        if (checksum.GetCurrentHashAsUInt64() != RuleFileFormat.ReadUInt64(header, 24))
        {
            return Fail("checksum mismatch (the file is corrupt)");
        }

        fixed (byte* metaPointer = meta)
        {
            using var stream = new UnmanagedMemoryStream(metaPointer, meta.Length);
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
            return ReadMetadata(reader, memory, (long)dataOffset, data.Length);
        }
    }

    private static RuleFileReadResult ReadMetadata(BinaryReader reader, TrieMemory memory, long dataOffset, int dataLength)
    {
        var inputs = reader.ReadBytes(Count(reader, int.MaxValue));
        var rootValue = reader.ReadInt32();
        var values = new RuleValue[Count(reader, ushort.MaxValue)];
        for (var i = 0; i < values.Length; i++)
        {
            var block = reader.ReadUInt64();
            var exact = reader.ReadUInt64();
            var flags = reader.ReadByte();
            values[i] = new RuleValue(block, exact, (flags & 1) != 0, (flags & 2) != 0);
        }

        var starts = new int[Count(reader, int.MaxValue)];
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = reader.ReadInt32();
            // Lookups read segments through a raw pointer: every start must be in the data and in order.
            if (starts[i] < 0 || starts[i] > dataLength || (i > 0 && starts[i] < starts[i - 1]) || (i == 0 && starts[i] != 0))
            {
                return Fail("corrupt segment table");
            }
        }

        if (starts.Length == 0 || rootValue < -1 || rootValue >= values.Length)
        {
            return Fail("corrupt trie header");
        }

        var statistics = new TrieBuildStatistics(
            reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64(), TimeSpan.FromTicks(reader.ReadInt64()));
        var parseTime = TimeSpan.FromTicks(reader.ReadInt64());
        var lists = new RuleFileList[Count(reader, 1 << 20)];
        for (var i = 0; i < lists.Length; i++)
        {
            var name = reader.ReadString();
            var distinct = reader.ReadInt32();
            var retained = reader.ReadInt64();
            var buildTime = TimeSpan.FromTicks(reader.ReadInt64());
            var listParse = TimeSpan.FromTicks(reader.ReadInt64());
            lists[i] = new RuleFileList(name, Lists.ParseReport.ReadFrom(reader), distinct, retained, buildTime, listParse);
        }

        var trie = new CategoryTrie(memory, dataOffset, starts, values, rootValue, statistics);
        return new RuleFileReadResult(new RuleFile(inputs, trie, lists, parseTime), null);
    }

    private static int Count(BinaryReader reader, int max)
    {
        var count = reader.ReadInt32();
        return count < 0 || count > max ? throw new InvalidOperationException("count out of range") : count;
    }

    private static RuleFileReadResult Fail(string error) => new(null, error);
}
