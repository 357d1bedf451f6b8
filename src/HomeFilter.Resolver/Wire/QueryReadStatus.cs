namespace HomeFilter.Resolver.Wire;

/// <summary>What <see cref="QueryReader.TryRead"/> made of a packet, and so how the server must react.</summary>
public enum QueryReadStatus : byte
{
    /// <summary>A well-formed standard query: run the pipeline.</summary>
    Ok,

    /// <summary>Not worth an answer: shorter than a header, or a response (QR=1). Answering responses invites loops.</summary>
    Drop,

    /// <summary>Answer FORMERR (echo the question only when <see cref="ParsedQuery.HasQuestion"/>).</summary>
    FormatError,

    /// <summary>Answer NOTIMP: the opcode is not QUERY.</summary>
    NotImplemented,

    /// <summary>Answer BADVERS (extended rcode 16) with an OPT of version 0: the EDNS version is above 0.</summary>
    BadVersion,
}
