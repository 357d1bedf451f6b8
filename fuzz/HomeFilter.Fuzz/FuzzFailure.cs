namespace HomeFilter.Fuzz;

/// <summary>The code under test returned, but broke a promise it makes about its output.</summary>
internal sealed class FuzzFailure(string message) : Exception(message)
{
    public static void Unless(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzFailure(message);
        }
    }
}
