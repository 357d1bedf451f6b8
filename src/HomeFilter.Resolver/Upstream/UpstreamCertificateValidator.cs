using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// Decides whether a TLS upstream's certificate is acceptable. With pins configured, only a listed public key
/// passes (self-signed or not, whatever its name): the pin is the stronger statement. Without pins, the usual
/// chain and name checks apply unless they were switched off.
/// </summary>
internal sealed class UpstreamCertificateValidator
{
    private readonly byte[][] _pins;
    private readonly bool _validate;

    public UpstreamCertificateValidator(IReadOnlyList<string> pins, bool validate)
    {
        _pins = new byte[pins.Count][];
        for (var i = 0; i < pins.Count; i++)
        {
            _pins[i] = SpkiPin.TryParse(pins[i], out var pin) ? pin : throw new ArgumentException($"Invalid public key pin '{pins[i]}'.", nameof(pins));
        }

        _validate = validate;
    }

    /// <summary>True when the certificate is acceptable; otherwise <paramref name="rejection"/> says why, for the upstream's last error.</summary>
    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors, out string? rejection)
    {
        rejection = null;
        if (_pins.Length > 0)
        {
            if (certificate is null)
            {
                rejection = "the server sent no certificate";
                return false;
            }

            using var owned = certificate is X509Certificate2 ? null : new X509Certificate2(certificate);
            var spki = (owned ?? (X509Certificate2)certificate).PublicKey.ExportSubjectPublicKeyInfo();
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(spki, hash);
            foreach (var pin in _pins)
            {
                if (hash.SequenceEqual(pin))
                {
                    return true;
                }
            }

            rejection = "certificate public key " + Convert.ToBase64String(hash) + " is not in UpstreamTlsPinnedSpkiSha256";
            return false;
        }

        if (!_validate || errors == SslPolicyErrors.None)
        {
            return true;
        }

        rejection = "certificate not trusted: " + errors;
        return false;
    }
}
