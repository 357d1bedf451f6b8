namespace HomeFilter.Resolver.Upstream;

/// <summary>The end of forwarding one query: the answer's length in the caller's buffer and which upstream gave it.</summary>
/// <param name="Status"><see cref="AttemptStatus.Answered"/>, <see cref="AttemptStatus.ErrorAnswer"/> (every answer was SERVFAIL/REFUSED), <see cref="AttemptStatus.Failed"/> or <see cref="AttemptStatus.Aborted"/>.</param>
/// <param name="Length">Length of the answer, 0 without one.</param>
/// <param name="Upstream">The configured text of the upstream that answered.</param>
/// <param name="NetworkError">With <see cref="AttemptStatus.Failed"/>: every attempt was refused or broken by the network (none timed out).</param>
internal readonly record struct ForwardResult(AttemptStatus Status, int Length, string? Upstream, bool NetworkError = false);
