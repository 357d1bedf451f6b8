using System.Diagnostics.CodeAnalysis;

namespace HomeFilter.Resolver.Upstream;

/// <summary>Reads a SHA-256 public key pin written as base64 (44 characters) or hex (64 digits, colons allowed).</summary>
internal static class SpkiPin
{
    public const int Length = 32;

    public static bool TryParse(string? text, [NotNullWhen(true)] out byte[]? pin)
    {
        pin = null;
        var trimmed = text?.Trim() ?? string.Empty;
        var hex = trimmed.Replace(":", string.Empty, StringComparison.Ordinal);
        if (hex.Length == Length * 2)
        {
            try
            {
                pin = Convert.FromHexString(hex);
                return true;
            }
            catch (FormatException)
            {
                // Not hex: try base64 below.
            }
        }

        var bytes = new byte[Length + 2];
        if (Convert.TryFromBase64String(trimmed, bytes, out var written) && written == Length)
        {
            pin = bytes[..Length];
            return true;
        }

        return false;
    }
}
