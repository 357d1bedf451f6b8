namespace HomeFilter.Rules.Trie.Memory;

/// <summary>
/// One contiguous, immutable block holding a trie's byte segments (and, when it came from a rules file, the
/// rest of that file). Lookups read it through <see cref="Address"/>, a raw pointer, whatever the block lives
/// in, so the hot path is the same for a trie just built and one loaded from disk.
/// </summary>
/// <remarks>
/// The block is released by the finalizer when the trie that owns it is unreachable: a retired snapshot's
/// trie stays readable for as long as a query in flight holds it, with no reference counting on the hot path.
/// </remarks>
internal abstract class TrieMemory
{
    /// <summary>Start of the block; stable for the object's lifetime.</summary>
    public abstract nint Address { get; }

    /// <summary>Bytes in the block.</summary>
    public abstract long Length { get; }

    /// <summary>What the block lives in, for figures and logs.</summary>
    public abstract TrieMemoryKind Kind { get; }

    /// <summary>The block as a span (for reads off the hot path and for copying).</summary>
    public unsafe ReadOnlySpan<byte> Span => new((void*)Address, checked((int)Length));
}
