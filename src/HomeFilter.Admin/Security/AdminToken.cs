using System.Security.Cryptography;
using System.Text;

namespace HomeFilter.Admin.Security;

/// <summary>The admin bearer token, compared in constant time through its SHA-256 hash.</summary>
public sealed class AdminToken
{
    public const string FileName = "admin-token";

    private readonly byte[] _hash;

    private AdminToken(string token, string? storedAt)
    {
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        StoredAt = storedAt;
    }

    /// <summary>Where a generated token was written, or null when it came from configuration.</summary>
    public string? StoredAt { get; }

    /// <summary>Uses the configured token, else the one kept in the data directory, else makes and keeps a new one.</summary>
    public static AdminToken Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (configured.Length < 16)
            {
                throw new InvalidOperationException("HomeFilter:Admin:Token must be at least 16 characters long.");
            }

            return new AdminToken(configured, storedAt: null);
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var stored = File.ReadAllText(path).Trim();
            if (stored.Length >= 16)
            {
                return new AdminToken(stored, path);
            }
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        Directory.CreateDirectory(dataDirectory);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Only the owner may read the token.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, Encoding.ASCII, options))
        {
            writer.WriteLine(token);
        }

        return new AdminToken(token, path);
    }

    /// <summary>True when <paramref name="presented"/> is the token.</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented.ToString()), hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }
}
