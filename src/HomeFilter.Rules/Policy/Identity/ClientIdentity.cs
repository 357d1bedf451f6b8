namespace HomeFilter.Rules.Policy.Identity;

/// <summary>
/// Who a query's client is in one compiled policy: its group and its named device, each with what recognised it.
/// Found by <see cref="CompiledPolicy.Identify(string?, ulong, ReadOnlySpan{byte})"/> without allocating.
/// </summary>
/// <param name="Group">Index into <see cref="CompiledPolicy.Groups"/>, or -1 for the default group.</param>
/// <param name="GroupBy">What chose the group (<see cref="IdentityKind.None"/> for the default group).</param>
/// <param name="Device">Index into the document's <c>devices</c>, or -1 when no named device matched.</param>
/// <param name="DeviceBy">What matched the device (<see cref="IdentityKind.None"/> when none did).</param>
/// <param name="ClientIdKnown">The client ID (if one was given) is named by a device or a group.</param>
public readonly record struct ClientIdentity(int Group, IdentityKind GroupBy, int Device, IdentityKind DeviceBy, bool ClientIdKnown)
{
    /// <summary>Nobody: default group, no device.</summary>
    public static ClientIdentity None => new(-1, IdentityKind.None, -1, IdentityKind.None, false);
}
