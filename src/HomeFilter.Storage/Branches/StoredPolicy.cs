namespace HomeFilter.Storage.Branches;

/// <summary>
/// One generation of the network's policy document as a central store keeps it: every branch resolver compiles the
/// newest one it has seen (its own branch's part and the network-wide part).
/// </summary>
/// <param name="Generation">1, 2, 3… one per saved change, never reused: a branch that missed announcements catches up by it.</param>
/// <param name="Document">The policy document, JSON as the policy reader takes it.</param>
/// <param name="ChangedUtc">When this generation was saved.</param>
/// <param name="ChangedBy">Who saved it (account or token name), null for the program itself.</param>
public sealed record StoredPolicy(long Generation, string Document, DateTime ChangedUtc, string? ChangedBy);
