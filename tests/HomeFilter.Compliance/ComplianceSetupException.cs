namespace HomeFilter.Compliance;

/// <summary>
/// The checks could not start: the server did not resolve the name it was given, so every check
/// would fail for a reason that has nothing to do with EDNS.
/// </summary>
public sealed class ComplianceSetupException : Exception
{
    public ComplianceSetupException()
    {
    }

    public ComplianceSetupException(string message)
        : base(message)
    {
    }

    public ComplianceSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
