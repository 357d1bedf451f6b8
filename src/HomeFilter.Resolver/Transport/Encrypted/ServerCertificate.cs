using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>One loaded certificate: what TLS handshakes present, and what the log and the admin API show.</summary>
public sealed class ServerCertificate
{
    private ServerCertificate(X509Certificate2 leaf, SslStreamCertificateContext context)
    {
        Leaf = leaf;
        Context = context;
        Description = CertificateDescription.Of(leaf);
        HostNames = Description.HostNames();
    }

    public X509Certificate2 Leaf { get; }

    /// <summary>The certificate with its chain (the intermediates of a <c>fullchain.pem</c>), built once.</summary>
    public SslStreamCertificateContext Context { get; }

    public CertificateDescription Description { get; }

    /// <summary>See <see cref="CertificateDescription.HostNames"/>.</summary>
    public IReadOnlyList<string> HostNames { get; }

    /// <summary>Loads a PEM certificate (the first one; the rest are its chain) and its PEM private key.</summary>
    /// <exception cref="CertificateLoadException">Either file is missing or unreadable, or they do not belong together.</exception>
    public static ServerCertificate Load(string certificateFile, string keyFile)
    {
        try
        {
            var leaf = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            var all = new X509Certificate2Collection();
            all.ImportFromPemFile(certificateFile);
            var chain = new X509Certificate2Collection();
            for (var i = 1; i < all.Count; i++)
            {
                chain.Add(all[i]);
            }

            return new ServerCertificate(leaf, SslStreamCertificateContext.Create(leaf, chain, offline: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new CertificateLoadException($"Cannot load the TLS certificate {certificateFile} with key {keyFile}: {e.Message.TrimEnd('.')}.", e);
        }
    }
}

/// <summary>The certificate or key file cannot be used; the message is one line.</summary>
public sealed class CertificateLoadException : Exception
{
    public CertificateLoadException()
    {
    }

    public CertificateLoadException(string message)
        : base(message)
    {
    }

    public CertificateLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
