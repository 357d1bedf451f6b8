namespace HomeFilter.Resolver.Upstream;

/// <summary>Why a datagram or message from an upstream was taken as the answer, or ignored.</summary>
internal enum AnswerCheck : byte
{
    Match,
    /// <summary>Shorter than a header, or the question runs past the end.</summary>
    Malformed,
    /// <summary>QR is not set (a query, not a response) or the opcode is not QUERY.</summary>
    NotResponse,
    WrongId,
    WrongQuestion,
    /// <summary>Came from another address or port than the upstream's.</summary>
    WrongSource,
}
