using System.Diagnostics.Metrics;

namespace HomeFilter.Resolver.Diagnostics;

/// <summary>The one <see cref="Meter"/> every resolver component registers its instruments on.</summary>
public static class ResolverMeter
{
    public const string Name = "HomeFilter.Resolver";

    public static readonly Meter Meter = new(Name);
}
