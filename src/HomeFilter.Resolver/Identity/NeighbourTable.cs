namespace HomeFilter.Resolver.Identity;

/// <summary>The latest <see cref="NeighbourMap"/>: written by <see cref="NeighbourTableService"/>, read by every query.</summary>
public sealed class NeighbourTable
{
    private NeighbourMap _current = NeighbourMap.Empty;

    public NeighbourMap Current => Volatile.Read(ref _current);

    public void Replace(NeighbourMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        Volatile.Write(ref _current, map);
    }
}
