namespace HomeFilter.Resolver.LocalData;

/// <summary>The data of one local name, ready to copy into answers.</summary>
internal sealed class LocalRecord
{
    public required byte[][] A { get; init; }

    public required byte[][] Aaaa { get; init; }

    /// <summary>Wire form of the alias target, or null.</summary>
    public byte[]? Cname { get; init; }

    /// <summary>TXT RDATA, each already length-prefixed in 255-byte strings.</summary>
    public required byte[][] Txt { get; init; }

    public required uint Ttl { get; init; }
}
