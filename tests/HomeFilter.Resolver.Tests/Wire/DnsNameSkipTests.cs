using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Tests.Wire;

/// <summary>Where a name ends, and which compressed names are refused (pointers backwards, jumped-to pieces ending before the pointer).</summary>
public sealed class DnsNameSkipTests
{
    // A header (12 zero bytes), then "www.example.com" at 12 (17 bytes, to 29), then what each case puts at 29.
    private static readonly byte[] Question = [3, (byte)'w', (byte)'w', (byte)'w', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 3, (byte)'c', (byte)'o', (byte)'m', 0];

    /// <summary>At 29: a label of five bytes whose last byte is the first byte of a pointer back to 29 (at 34), then 29 zero bytes and a root.</summary>
    private static readonly byte[] RunsThroughItsPointer = [5, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0xC0, 29, .. new byte[29], 0];

    public static TheoryData<string, byte[], int, int> Cases => new()
    {
        // what, bytes from offset 29, where the name starts, expected end (-1: refused)
        { "a pointer to the whole earlier name", [0xC0, 12], 29, 31 },
        { "a pointer to a suffix of it", [0xC0, 16], 29, 31 },
        { "a label, then a pointer", [2, (byte)'m', (byte)'y', 0xC0, 12], 29, 34 },
        { "a pointer forwards", [0xC0, 40, 0], 29, -1 },
        { "a pointer to itself", [0xC0, 29], 29, -1 },
        { "a pointer to the question's root", [0xC0, 28], 29, 31 },
        // Read from 34, the jump to 29 reads "abcd" and the pointer's own first byte as a label, then its second byte
        // (29) as a label length and the zeros after it: a well-ended name to a walker that only checks the jump goes
        // backwards, but bytes beyond the pointer, which a copy of the record does not carry.
        { "a jump to a piece that runs on past the pointer", RunsThroughItsPointer, 34, -1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Skip_finds_the_end_or_refuses(string what, byte[] tail, int start, int expected)
    {
        var message = new byte[DnsWire.HeaderSize + Question.Length + tail.Length];
        Question.CopyTo(message, DnsWire.HeaderSize);
        tail.CopyTo(message, DnsWire.HeaderSize + Question.Length);
        Assert.True(expected == DnsName.Skip(message, start), what);
    }
}
