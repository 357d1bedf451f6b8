namespace HomeFilter.Compliance;

/// <summary>The OPT record a check puts in its query.</summary>
/// <param name="UdpSize">Advertised UDP payload size (the OPT CLASS field).</param>
/// <param name="Version">EDNS version (0 is the only one defined; 1 must draw BADVERS).</param>
/// <param name="Flags">The 16 EDNS flag bits: 0x8000 is DO, the rest must be zero and must not be echoed.</param>
/// <param name="Options">Raw option bytes (code, length, data, …) as they go into the OPT RDATA.</param>
public sealed record EdnsQuery(ushort UdpSize, byte Version, ushort Flags, ReadOnlyMemory<byte> Options)
{
    public const ushort DoFlag = 0x8000;

    public bool Do => (Flags & DoFlag) != 0;
}
