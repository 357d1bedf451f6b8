namespace HomeFilter.Rules.Queries;

/// <summary>How a query was answered. Low cardinality: used as a metrics label and in the query log.</summary>
public enum QueryOutcome : byte
{
    /// <summary>No stage has answered yet.</summary>
    None = 0,
    /// <summary>Answered from the response cache.</summary>
    Cached,
    /// <summary>Answered from an expired cache entry because every upstream failed (RFC 8767).</summary>
    Stale,
    /// <summary>Answered by an upstream resolver.</summary>
    Forwarded,
    /// <summary>Answered from local data (local records, block answers).</summary>
    Local,
    /// <summary>Blocked by policy.</summary>
    Blocked,
    /// <summary>Rewritten by policy (safe search): a CNAME to the enforced safe host and its addresses.</summary>
    Rewritten,
    /// <summary>Client not allowed to use this server.</summary>
    Refused,
    /// <summary>No upstream produced an answer (SERVFAIL).</summary>
    Failed,
    /// <summary>The query was malformed (FORMERR).</summary>
    FormatError,
    /// <summary>Opcode or EDNS version we do not implement (NOTIMP, BADVERS).</summary>
    NotImplemented,
    /// <summary>The client was over its rate limit: dropped, REFUSED or TC by setting, never forwarded or logged.</summary>
    RateLimited,
}
