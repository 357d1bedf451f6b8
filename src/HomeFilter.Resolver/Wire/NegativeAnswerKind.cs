namespace HomeFilter.Resolver.Wire;

/// <summary>The two kinds of negative answer of RFC 2308.</summary>
public enum NegativeAnswerKind : byte
{
    /// <summary>A positive answer (or an error that is neither kind).</summary>
    None,

    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NameError,

    /// <summary>NOERROR with no record of the asked type in the answer section (a CNAME alone counts as none).</summary>
    NoData,
}
