using System.Diagnostics.CodeAnalysis;

namespace HomeFilter.Resolver.Wire;

/// <summary>Throws kept out of line so the wire readers and writers stay small enough to inline.</summary>
internal static class WireThrowHelper
{
    [DoesNotReturn]
    public static void NameBufferTooSmall(string parameter) =>
        throw new ArgumentException($"The name buffer must hold at least {QueryReader.NameBufferSize} bytes.", parameter);

    [DoesNotReturn]
    public static void DestinationTooSmall(string parameter) =>
        throw new ArgumentException("The destination is too small for the DNS message.", parameter);

    [DoesNotReturn]
    public static void StatusHasNoErrorAnswer(string parameter) =>
        throw new ArgumentException("Only FormatError, NotImplemented and BadVersion are answered with an error response.", parameter);
}
