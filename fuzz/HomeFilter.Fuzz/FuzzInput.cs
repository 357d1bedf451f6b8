namespace HomeFilter.Fuzz;

/// <summary>Reads one input whole: every target works on a byte array, as the code under test does.</summary>
internal static class FuzzInput
{
    /// <summary>afl-fuzz keeps inputs small; anything beyond this is cut rather than read without bound.</summary>
    public const int MaxLength = 1 << 20;

    public static byte[] ReadAll(Stream stream)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while (memory.Length < MaxLength && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, MaxLength - memory.Length))) > 0)
        {
            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }
}
