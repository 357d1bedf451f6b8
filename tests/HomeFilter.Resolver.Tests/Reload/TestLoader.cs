using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Upstream;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Tests.Reload;

/// <summary>A loader over a policy file in a test's folder, with no bundled lists and no file watching.</summary>
internal static class TestLoader
{
    public static (RuleSnapshotLoader Loader, RuleSnapshotHolder Holder) Create(string folder, Func<string, CancellationToken, Task<ListFetchResult>>? fetch = null)
    {
        var bundled = Directory.CreateDirectory(Path.Combine(folder, "bundled")).FullName;
        var holder = new RuleSnapshotHolder();
        var loader = new RuleSnapshotLoader(
            holder,
            Options.Create(new PolicyOptions { File = Path.Combine(folder, "policy.json"), BundledLists = bundled, Watch = false }),
            Options.Create(new BlocklistOptions()),
            Options.Create(new UpstreamOptions()),
            NullLogger<UpstreamSet>.Instance,
            NullLogger<RuleSnapshotLoader>.Instance,
            fetch);
        return (loader, holder);
    }
}
