using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// Turns a category archive such as UT1's <c>adult.tar.gz</c> (members <c>adult/domains</c>, <c>adult/urls</c>, …)
/// into one plain list: the <c>domains</c> members, one after another. The <c>urls</c> members are left out because
/// the DNS level sees only host names and UT1 lists those hosts in <c>domains</c> too.
/// </summary>
internal static class TarListExtractor
{
    /// <summary>True when the URL's path names a tar.gz archive (<c>.tar.gz</c> or <c>.tgz</c>).</summary>
    public static bool IsArchiveUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.AbsolutePath.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || uri.AbsolutePath.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Writes the <c>domains</c> members of the archive in <paramref name="archivePath"/> (gzip-compressed, or a bare tar
    /// when the transfer was already decompressed) to <paramref name="outputPath"/>. Returns the error in words, or null.
    /// Never throws for a broken archive: a truncated or corrupt one is a failed download that keeps the last good copy.
    /// </summary>
    public static string? Extract(string archivePath, string outputPath, long maxBytes, CancellationToken ct)
    {
        var gzip = ListContentCheck.StartsWithGzipMagic(archivePath);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            using var file = File.OpenRead(archivePath);
            using var decompressed = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            using var tar = new TarReader(decompressed);
            using var output = new FileStream(outputPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            var members = 0;
            long written = 0;
            while (tar.GetNextEntry() is { } entry)
            {
                ct.ThrowIfCancellationRequested();
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !IsDomainsMember(entry.Name) || entry.DataStream is null)
                {
                    continue;
                }

                members++;
                int read;
                while ((read = entry.DataStream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    written += read;
                    if (written > maxBytes)
                    {
                        return $"The archive's domains lists are more than {maxBytes / (1024 * 1024)} MiB (HomeFilter:Lists:MaxMegabytes).";
                    }

                    output.Write(buffer, 0, read);
                }

                // A member without a final newline must not glue its last name to the next member's first.
                output.WriteByte((byte)'\n');
            }

            return members == 0 ? "The archive has no 'domains' member (expected e.g. adult/domains)." : null;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or IOException)
        {
            return $"The archive is not a valid tar.gz: {ex.Message}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><c>domains</c> at the top or in any folder (<c>adult/domains</c>, <c>./blacklists/adult/domains</c>).</summary>
    private static bool IsDomainsMember(string name)
    {
        var trimmed = name.AsSpan().TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return trimmed[(slash + 1)..].Equals("domains", StringComparison.Ordinal);
    }
}
