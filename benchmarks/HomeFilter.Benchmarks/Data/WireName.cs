namespace HomeFilter.Benchmarks.Data;

/// <summary>Encodes dotted names as uncompressed DNS wire format, as a query's question carries them.</summary>
public static class WireName
{
    public static byte[] Encode(string name)
    {
        var bytes = new List<byte>(name.Length + 2);
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            foreach (var c in label)
            {
                bytes.Add((byte)c);
            }
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
