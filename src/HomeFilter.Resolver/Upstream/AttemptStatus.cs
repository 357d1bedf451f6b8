namespace HomeFilter.Resolver.Upstream;

/// <summary>How one attempt at one upstream ended.</summary>
internal enum AttemptStatus : byte
{
    /// <summary>A usable answer (any rcode but SERVFAIL and REFUSED).</summary>
    Answered,

    /// <summary>SERVFAIL or REFUSED: another upstream may do better.</summary>
    ErrorAnswer,

    TimedOut,

    /// <summary>Network, TLS, HTTP or protocol error.</summary>
    Failed,

    /// <summary>The server is stopping.</summary>
    Aborted,
}
