namespace HomeFilter.Resolver.Transport;

/// <summary>A listen address could not be used. The message is one line a person can act on.</summary>
public sealed class ListenException : Exception
{
    public ListenException()
    {
    }

    public ListenException(string message)
        : base(message)
    {
    }

    public ListenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
