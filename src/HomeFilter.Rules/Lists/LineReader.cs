namespace HomeFilter.Rules.Lists;

/// <summary>
/// Reads lines from a <see cref="TextReader"/> into one reusable buffer, so a 50 MB list costs no string
/// per line. Accepts <c>\n</c> and <c>\r\n</c> endings and drops a leading byte-order mark.
/// </summary>
internal sealed class LineReader(TextReader reader)
{
    private const int InitialBuffer = 16 * 1024;

    private char[] _buffer = new char[InitialBuffer];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf('\n');
            if (newline >= 0)
            {
                line = Take(_start + newline, _start + newline + 1);
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = Take(_end, _end);
                    return true;
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    private ReadOnlySpan<char> Take(int lineEnd, int next)
    {
        var span = _buffer.AsSpan(_start, lineEnd - _start);
        _start = next;
        if (!span.IsEmpty && span[^1] == '\r')
        {
            span = span[..^1];
        }

        if (_first)
        {
            _first = false;
            if (!span.IsEmpty && span[0] == '\uFEFF')
            {
                span = span[1..];
            }
        }

        LineNumber++;
        return span;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // One line longer than the buffer: grow rather than split it.
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        else
        {
            _end += read;
        }
    }
}
