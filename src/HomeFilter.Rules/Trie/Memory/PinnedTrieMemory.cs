using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HomeFilter.Rules.Trie.Memory;

/// <summary>
/// One array on the pinned-object heap: managed (counted by the GC like any array) but never moved, so a raw
/// pointer into it stays valid for as long as the array is alive.
/// </summary>
internal sealed unsafe class PinnedTrieMemory : TrieMemory
{
    private readonly byte[] _array;
    private readonly nint _address;

    public PinnedTrieMemory(int length)
    {
        _array = GC.AllocateUninitializedArray<byte>(Math.Max(1, length), pinned: true);
        _address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        Length = length;
    }

    public override nint Address => _address;

    public override long Length { get; }

    public override TrieMemoryKind Kind => TrieMemoryKind.Pinned;

    /// <summary>The block as a writable span, for filling it once before the trie is published.</summary>
    public Span<byte> Writable => _array.AsSpan(0, (int)Length);
}
