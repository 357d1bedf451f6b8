using System.IO.Compression;
using System.Security.Cryptography;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// Detects a truncated gzip file. <see cref="GZipStream"/> ends quietly when its input stops in the middle of a member,
/// and a list host serving a half-written file is a real case, so a small gzip member with random content is read after
/// the file: a complete file (one member or several) decodes it as one more member and the output ends with the random
/// bytes; a truncated one swallows it into the broken member and fails or ends with something else.
/// A file with bytes after its last member that are not gzip (zero padding) is refused too, because <see cref="GZipStream"/>
/// stops at them and never reaches the marker; gzip(1) only warns about such bytes, but keeping the last good copy is
/// the safer answer to a file that is not what it claims.
/// </summary>
internal sealed class GzipEndMarker
{
    private const int Length = 16;

    private readonly byte[] _content = RandomNumberGenerator.GetBytes(Length);
    private readonly byte[] _member;
    private readonly byte[] _tail = new byte[Length];
    private long _total;

    public GzipEndMarker()
    {
        using var member = new MemoryStream();
        using (var gzip = new GZipStream(member, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(_content);
        _member = member.ToArray();
    }

    /// <summary><paramref name="file"/> followed by the marker member.</summary>
    public Stream Append(Stream file) => new ConcatenatedStream(file, new MemoryStream(_member, writable: false));

    /// <summary>Feeds decompressed output, in order.</summary>
    public void Observe(ReadOnlySpan<byte> output)
    {
        _total += output.Length;
        if (output.Length >= Length)
        {
            output[^Length..].CopyTo(_tail);
            return;
        }

        // Shift the kept tail left and add the short chunk at its end.
        _tail.AsSpan(output.Length).CopyTo(_tail);
        output.CopyTo(_tail.AsSpan(Length - output.Length));
    }

    /// <summary>The file was complete: the output ended with the marker's content.</summary>
    public bool Complete => _total >= Length && _tail.AsSpan().SequenceEqual(_content);

    /// <summary>Decompressed bytes of the file itself, without the marker.</summary>
    public long FileBytes => Math.Max(0, _total - Length);

    /// <summary>Reads one stream to its end, then another; read-only and forward-only.</summary>
    private sealed class ConcatenatedStream(Stream first, Stream second) : Stream
    {
        private bool _firstDone;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_firstDone)
            {
                var read = first.Read(buffer);
                if (read > 0)
                    return read;
                _firstDone = true;
            }

            return second.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                second.Dispose();
            base.Dispose(disposing);
        }
    }
}
