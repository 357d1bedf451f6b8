using System.Buffers;
using System.IO.Compression;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// Checks a downloaded body before it may replace the last good copy. Catches what list hosts really send when something
/// is wrong while still answering 200: an empty file, a captive portal or error page in HTML, a truncated or corrupt gzip.
/// </summary>
internal static class ListContentCheck
{
    private const int HeadLength = 4096;

    /// <summary>
    /// The result: <see cref="Error"/> is null when the body may be used; <see cref="Gzip"/> says how to open it.
    /// <see cref="Suspect"/> marks a body that arrived whole but is not a list (empty, an HTML page): the host answered,
    /// wrongly, so the copy is held back and an admin is told, rather than counted as a network failure.
    /// </summary>
    public readonly record struct Result(string? Error, bool Gzip, bool Suspect = false);

    /// <summary>True when the file starts with the gzip magic bytes 1f 8b.</summary>
    public static bool StartsWithGzipMagic(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[2];
            return file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && IsGzipMagic(magic);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks the body in <paramref name="path"/>. The bytes decide whether it is gzip (magic 1f 8b), not the URL or headers:
    /// a <c>.gz</c> list whose transfer was already decompressed by the HTTP handler is plain text and is stored as such.
    /// When gzip was declared (<paramref name="declaredGzip"/>) but the body is neither gzip nor text, it is refused.
    /// A gzip body must decompress completely and stay within <paramref name="maxBytes"/> once decompressed.
    /// </summary>
    public static Result Check(string path, bool declaredGzip, long maxBytes, CancellationToken ct)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var rawHead = file.ReadAtLeast(buffer.AsSpan(0, HeadLength), HeadLength, throwOnEndOfStream: false);
            if (rawHead == 0)
                return new Result("The list is empty.", false, Suspect: true);

            var gzip = rawHead >= 2 && IsGzipMagic(buffer.AsSpan(0, 2));
            if (!gzip)
            {
                if (declaredGzip && !LooksLikeText(buffer.AsSpan(0, rawHead)))
                    return new Result("The list was declared gzip but is neither gzip nor text.", false);
                return CheckText(file, buffer, rawHead, null, out _, ct);
            }

            file.Position = 0;
            try
            {
                var marker = new GzipEndMarker();
                using var unzipped = new GZipStream(marker.Append(file), CompressionMode.Decompress);
                var head = unzipped.ReadAtLeast(buffer.AsSpan(0, HeadLength), HeadLength, throwOnEndOfStream: false);
                marker.Observe(buffer.AsSpan(0, head));
                var textCheck = CheckText(unzipped, buffer, head, marker, out var blanks, ct);
                if (textCheck.Error is not null)
                    return textCheck with { Gzip = true };

                int read;
                while ((read = unzipped.Read(buffer, 0, buffer.Length)) > 0)
                {
                    ct.ThrowIfCancellationRequested();
                    marker.Observe(buffer.AsSpan(0, read));
                    if (marker.FileBytes > maxBytes)
                        return new Result($"The list decompresses to more than {maxBytes / (1024 * 1024)} MiB (HomeFilter:Lists:MaxMegabytes).", true);
                }

                if (!marker.Complete)
                    return new Result("The list is not valid gzip: it ends in the middle of the compressed data (truncated), or has bytes after its end that are not gzip.", true);

                // The blank check above may have run into the marker's bytes; only the file's own bytes count.
                return blanks >= marker.FileBytes
                    ? new Result("The list is empty (only blank lines).", true, Suspect: true)
                    : new Result(null, true);
            }
            catch (InvalidDataException ex)
            {
                return new Result($"The list is not valid gzip: {ex.Message}", true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Refuses a body with nothing but blanks, or one that is an HTML page. <paramref name="head"/> bytes are already in
    /// <paramref name="buffer"/>; the stream is read further only while everything so far is blank.
    /// </summary>
    private static Result CheckText(Stream stream, byte[] buffer, int head, GzipEndMarker? marker, out long blanks, CancellationToken ct)
    {
        blanks = 0;
        var start = SkipBlanks(buffer.AsSpan(0, head), atStart: true);
        while (start == head)
        {
            blanks += head;
            ct.ThrowIfCancellationRequested();
            head = stream.ReadAtLeast(buffer.AsSpan(0, HeadLength), HeadLength, throwOnEndOfStream: false);
            marker?.Observe(buffer.AsSpan(0, head));
            if (head == 0)
                return new Result("The list is empty (only blank lines).", false, Suspect: true);
            start = SkipBlanks(buffer.AsSpan(0, head), atStart: false);
        }

        blanks += start;
        var text = buffer.AsSpan(start, head - start);
        if (StartsWithIgnoreCase(text, "<!doctype"u8) || StartsWithIgnoreCase(text, "<html"u8))
            return new Result("The list is an HTML page, not a list (a login, error or captive-portal page?).", false, Suspect: true);
        return new Result(null, false);
    }

    private static int SkipBlanks(ReadOnlySpan<byte> bytes, bool atStart)
    {
        var i = 0;
        if (atStart && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            i = 3;
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or (byte)'\v')
            i++;
        return i;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerPrefix)
    {
        if (text.Length < lowerPrefix.Length)
            return false;
        for (var i = 0; i < lowerPrefix.Length; i++)
        {
            if ((byte)(text[i] | 0x20) != lowerPrefix[i] && text[i] != lowerPrefix[i])
                return false;
        }

        return true;
    }

    /// <summary>Text has no NUL and no control bytes other than tab, line feed, carriage return and form feed.</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f'))
                return false;
        }

        return true;
    }

    private static bool IsGzipMagic(ReadOnlySpan<byte> bytes) => bytes[0] == 0x1F && bytes[1] == 0x8B;
}
