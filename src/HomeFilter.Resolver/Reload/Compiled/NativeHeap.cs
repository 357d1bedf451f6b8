using System.Runtime.InteropServices;

namespace HomeFilter.Resolver.Reload.Compiled;

/// <summary>
/// Returns the C library's free memory to the system. A build frees native memory too (a retired trie's block,
/// decompression state, file buffers), and glibc keeps freed memory in its per-thread arenas for reuse: without a
/// trim the process keeps the build's native high-water mark although nothing uses it.
/// </summary>
internal static partial class NativeHeap
{
    private static bool _unavailable;

    public static void Trim()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _unavailable))
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, for one): nothing to trim this way.
            Volatile.Write(ref _unavailable, true);
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
