using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace HomeFilter.Rules.Trie.Memory;

/// <summary>
/// A read-only, copy-on-write view of a file: pages come from the page cache as lookups touch them and are
/// clean (the kernel may drop and re-read them). The view stays mapped until the owner is finalized.
/// </summary>
/// <remarks>
/// The file must not be changed in place while mapped (a truncation would fault the reader); the rules file is
/// only ever replaced by rename, which leaves a mapped old file intact.
/// </remarks>
internal sealed unsafe class MappedTrieMemory : TrieMemory
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly SafeMemoryMappedViewHandle _handle;
    private readonly nint _address;

    public MappedTrieMemory(string path, long length)
    {
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        _handle = _view.SafeMemoryMappedViewHandle;
        byte* pointer = null;
        _handle.AcquirePointer(ref pointer);
        _address = (nint)(pointer + _view.PointerOffset);
        Length = length;
    }

    ~MappedTrieMemory()
    {
        _handle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    public override nint Address => _address;

    public override long Length { get; }

    public override TrieMemoryKind Kind => TrieMemoryKind.Mapped;
}
