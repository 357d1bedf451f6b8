using HomeFilter.Resolver.Upstream;
using HomeFilter.Rules.Policy.Document;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeFilter.Resolver.Reload;

/// <summary>Builds a snapshot from a policy file outside the server (the <c>policy check|explain</c> commands).</summary>
public static class PolicyFile
{
    /// <summary>
    /// Reads, validates and builds <paramref name="path"/> with its lists (local files only; downloaded and catalog
    /// lists are named in <paramref name="warnings"/> as not checked).
    /// </summary>
    /// <exception cref="PolicyRejectedException">The document is invalid.</exception>
    /// <exception cref="IOException">A list cannot be read.</exception>
    public static async Task<RuleSnapshot> BuildAsync(string path, string? bundledLists, CancellationToken cancellationToken, ICollection<string>? warnings = null)
    {
        var full = Path.GetFullPath(path);
        PolicyReadResult read;
        await using (var stream = File.OpenRead(full))
        {
            read = PolicyDocumentReader.Read(stream);
        }

        if (read.Document is not { } document)
        {
            throw new PolicyRejectedException(full, read.Errors);
        }

        var options = new PolicyOptions { File = full, BundledLists = bundledLists, Watch = false };
        var builder = new RuleSnapshotBuilder(options, new UpstreamOptions(), NullLogger<UpstreamSet>.Instance);
        var build = await builder.BuildAsync(1, document, full, cancellationToken).ConfigureAwait(false);
        build.Snapshot.Forward.Dispose();
        foreach (var warning in build.Warnings)
        {
            warnings?.Add(warning);
        }

        return build.Snapshot;
    }
}
