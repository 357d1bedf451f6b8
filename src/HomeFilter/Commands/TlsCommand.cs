using HomeFilter.Hosting;
using HomeFilter.Resolver.Transport.Encrypted;
using Microsoft.Extensions.Configuration;

namespace HomeFilter.Commands;

/// <summary>
/// <c>HomeFilter tls self-signed --host NAME [--out-dir DIR]</c>: writes a self-signed certificate for encrypted DNS
/// (<c>tls-certificate.pem</c>, and <c>tls-key.pem</c> readable by its owner only) into the data directory or DIR,
/// then prints the settings to use and the SHA-256 fingerprint and SPKI pin a client can check it by.
/// </summary>
public static class TlsCommand
{
    public const string Usage = "usage: HomeFilter tls self-signed --host NAME [--out-dir DIR]   (NAME e.g. dns.home.arpa; DIR defaults to the data directory)";
    public const string CertificateFileName = "tls-certificate.pem";
    public const string KeyFileName = "tls-key.pem";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length < 1 || args[0] != "self-signed")
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        string? host = null;
        string? outDir = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || args[i] is not ("--host" or "--out-dir"))
            {
                await stderr.WriteLineAsync($"unexpected argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                return 2;
            }

            if (args[i] == "--host")
            {
                host = args[++i].TrimEnd('.').ToLowerInvariant();
            }
            else
            {
                outDir = args[++i];
            }
        }

        if (host is null || !SelfSignedCertificate.IsHostName(host))
        {
            await stderr.WriteLineAsync((host is null ? "--host NAME is required" : $"'{host}' is not a host name (labels of letters, digits and hyphens)") + "\n" + Usage).ConfigureAwait(false);
            return 2;
        }

        var directory = Path.GetFullPath(outDir ?? HomeFilterPaths.DataDirectory(new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build()));
        var certificateFile = Path.Combine(directory, CertificateFileName);
        var keyFile = Path.Combine(directory, KeyFileName);
        var (certificatePem, keyPem, certificate) = SelfSignedCertificate.Create(host, DateTimeOffset.UtcNow);
        using (certificate)
        {
            try
            {
                Directory.CreateDirectory(directory);

                // The key first: a server watching the files only takes a pair whose certificate matches its key.
                SelfSignedCertificate.WriteAtomically(keyFile, keyPem, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                SelfSignedCertificate.WriteAtomically(certificateFile, certificatePem, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"Cannot write the certificate into {directory}: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            await stdout.WriteLineAsync($"certificate: {certificateFile} (CN={host}, names {host} and *.{host}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd})").ConfigureAwait(false);
            await stdout.WriteLineAsync($"key: {keyFile} (mode 0600)").ConfigureAwait(false);
            await stdout.WriteLineAsync($"settings: HomeFilter:Dns:Tls:CertificateFile={certificateFile} HomeFilter:Dns:Tls:KeyFile={keyFile}").ConfigureAwait(false);
            await stdout.WriteLineAsync("SHA-256 fingerprint: " + CertificateDescription.Sha256FingerprintOf(certificate)).ConfigureAwait(false);
            await stdout.WriteLineAsync("SPKI pin (SHA-256, base64): " + CertificateDescription.SpkiPinOf(certificate)).ConfigureAwait(false);
        }

        return 0;
    }
}
