namespace HomeFilter.Resolver.RateLimit;

/// <summary>
/// The two levels of buckets (address, network) and the rule that joins them: the address is charged first, and a
/// query its address had no room for never touches the network bucket, so one flooding device uses at most its own
/// share of its network's budget and its neighbours keep theirs.
/// </summary>
public sealed class ClientRateLimiter(int tableSize)
{
    private readonly TokenBucketTable _addresses = new(tableSize);
    private readonly TokenBucketTable _networks = new(tableSize);

    public TokenBucketTable Addresses => _addresses;

    public TokenBucketTable Networks => _networks;

    /// <summary>Charges one query of <paramref name="address"/> (4 or 16 bytes) at <paramref name="now"/> (Stopwatch ticks).</summary>
    public RateDecision Check(ReadOnlySpan<byte> address, in ClientLimits limits, long now)
    {
        var heavy = false;
        if (limits.AddressInterval != 0)
        {
            var ahead = _addresses.TryTake(PrefixKey.Address(address), now, limits.AddressInterval, limits.AddressCapacity);
            if (ahead < 0)
            {
                return RateDecision.LimitedAddress;
            }

            heavy = ahead > limits.AddressCapacity / 2;
        }

        if (limits.NetworkInterval != 0)
        {
            var ahead = _networks.TryTake(PrefixKey.Network(address), now, limits.NetworkInterval, limits.NetworkCapacity);
            if (ahead < 0)
            {
                return RateDecision.LimitedNetwork;
            }
        }

        return heavy ? RateDecision.AllowedHeavy : RateDecision.Allowed;
    }
}
