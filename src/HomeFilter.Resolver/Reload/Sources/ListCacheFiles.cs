using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>The pair of files that hold one URL's cached copy, and reading and writing its metadata.</summary>
internal readonly record struct ListCacheFiles(string Key, string ListPath, string MetadataPath)
{
    /// <summary>
    /// The files for <paramref name="url"/>: named by a hash of the URL, because a URL is not a safe file name and two
    /// lists with the same file name on different hosts must not share a copy.
    /// </summary>
    public static ListCacheFiles For(string cacheDirectory, string url)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(url), hash);
        var key = Convert.ToHexStringLower(hash)[..16];
        return new ListCacheFiles(key, Path.Combine(cacheDirectory, key + ".list"), Path.Combine(cacheDirectory, key + ".json"));
    }

    /// <summary>A new temp file name in the cache directory, so the final rename stays on one file system and is atomic.</summary>
    public string NewTempPath(string suffix) => Path.Combine(Path.GetDirectoryName(ListPath)!, $"{Key}.{Guid.NewGuid():N}.{suffix}.tmp");

    /// <summary>
    /// The cached copy's metadata, or null when there is no copy. A copy whose metadata is missing, unreadable or does
    /// not match its size is still a good copy (only checked bodies are ever renamed into place) but loses its validators,
    /// so the next fetch is unconditional.
    /// </summary>
    public ListCacheEntry? TryRead(string url)
    {
        var list = new FileInfo(ListPath);
        if (!list.Exists)
            return null;

        ListCacheEntry? entry = null;
        try
        {
            if (File.Exists(MetadataPath))
            {
                using var stream = File.OpenRead(MetadataPath);
                entry = JsonSerializer.Deserialize(stream, ListCacheJsonContext.Default.ListCacheEntry);
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            entry = null;
        }

        if (entry is not null && entry.Bytes == list.Length && string.Equals(entry.Url, url, StringComparison.Ordinal))
            return entry;

        var written = list.LastWriteTimeUtc;
        return new ListCacheEntry(url, null, null, written, written, list.Length, null, ListContentCheck.StartsWithGzipMagic(ListPath));
    }

    /// <summary>Writes the metadata through a temp file and a rename, so a reader never sees half a file.</summary>
    public void Write(ListCacheEntry entry)
    {
        var temp = NewTempPath("json");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                JsonSerializer.Serialize(stream, entry, ListCacheJsonContext.Default.ListCacheEntry);
            File.Move(temp, MetadataPath, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Deletes a file if it is there; a failure to clean up must not turn a fetch into an exception.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next start removes stale temp files.
        }
    }
}
