using System.Runtime.InteropServices;

namespace HomeFilter.Rules.Trie.Memory;

/// <summary>
/// A block from <see cref="NativeMemory"/>: outside the GC heap, so a full collection never scans or moves it,
/// and freed the moment its owner is finalized. The GC is told of its size so it still paces collections.
/// </summary>
internal sealed unsafe class NativeTrieMemory : TrieMemory
{
    private readonly nint _address;
    private readonly long _length;

    public NativeTrieMemory(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        // Alloc(0) may return null; a one-byte block keeps Address valid for an empty trie.
        _address = (nint)NativeMemory.Alloc((nuint)Math.Max(1, length));
        if (length > 0)
        {
            GC.AddMemoryPressure(length);
        }
    }

    ~NativeTrieMemory()
    {
        NativeMemory.Free((void*)_address);
        if (_length > 0)
        {
            GC.RemoveMemoryPressure(_length);
        }
    }

    public override nint Address => _address;

    public override long Length => _length;

    public override TrieMemoryKind Kind => TrieMemoryKind.Native;

    /// <summary>The block as a writable span, for filling it once before the trie is published.</summary>
    public Span<byte> Writable => new((void*)_address, checked((int)_length));
}
