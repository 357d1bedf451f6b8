namespace HomeFilter.Hosting;

/// <summary>Settings that cannot work, found before anything starts. The message is one line per problem, each naming the setting and the fix.</summary>
public sealed class InvalidSettingsException : Exception
{
    public InvalidSettingsException()
    {
        Problems = [];
    }

    public InvalidSettingsException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public InvalidSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public InvalidSettingsException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems ?? []))
    {
        Problems = problems ?? [];
    }

    /// <summary>Each problem, one line each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
