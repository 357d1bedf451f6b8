using System.Buffers.Binary;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Rules.Trie.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Tests.Reload;

/// <summary>
/// A start with unchanged lists takes its rules from <c>rules.bin</c>; a file that is damaged, of another version or
/// of other lists is never trusted: it is rebuilt from the lists, with one line saying why.
/// </summary>
public sealed class RuleFileStartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-rulesbin-").FullName;

    private static readonly string[] Names = ["adult.example", "www.adult.example", "b.other.example", "other.example", "news.example", "example", "safe.adult.example"];

    public RuleFileStartTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "bundled"));
        File.WriteAllText(Path.Combine(_folder, "adult.txt"), "adult.example\n||b.other.example^\n@@||safe.adult.example^\n");
        File.WriteAllText(Path.Combine(_folder, "news.txt"), "0.0.0.0 news.example\n");
        File.WriteAllText(Path.Combine(_folder, "policy.json"), """
            { "categories": { "adult": { "sources": ["adult.txt"] }, "news": { "sources": ["news.txt"] } }, "default": { "block": ["adult"] } }
            """);
    }

    private string RulesFile => Path.Combine(_folder, "data", "rules.bin");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(RuleSnapshotLoader Loader, RuleSnapshotHolder Holder, RecordingLogger Log)> StartAsync(TrieMemoryKind memory = TrieMemoryKind.Native)
    {
        var log = new RecordingLogger();
        var holder = new RuleSnapshotHolder();
        var loader = new RuleSnapshotLoader(
            holder,
            Options.Create(new PolicyOptions
            {
                File = Path.Combine(_folder, "policy.json"),
                BundledLists = Path.Combine(_folder, "bundled"),
                Watch = false,
                DataDirectory = Path.Combine(_folder, "data"),
                RulesFileMemory = memory,
            }),
            Options.Create(new BlocklistOptions()),
            Options.Create(new UpstreamOptions()),
            NullLogger<UpstreamSet>.Instance,
            log);
        await loader.StartAsync(TestContext.Current.CancellationToken);
        await loader.RulesFileSaved;
        return (loader, holder, log);
    }

    private static string[] Decisions(RuleSnapshotHolder holder) =>
        [.. Names.Select(n => $"{n} {holder.Current.Trie.Match(n)}")];

    [Theory]
    [InlineData(TrieMemoryKind.Native)]
    [InlineData(TrieMemoryKind.Pinned)]
    [InlineData(TrieMemoryKind.Mapped)]
    public async Task A_second_start_takes_the_rules_from_the_file_with_identical_lookups(TrieMemoryKind memory)
    {
        var (first, built, firstLog) = await StartAsync();
        Assert.Contains(firstLog.Lines, l => l.Contains("not used (no rules file)", StringComparison.Ordinal));
        Assert.Contains(firstLog.Lines, l => l.Contains("written", StringComparison.Ordinal));
        Assert.True(File.Exists(RulesFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(RulesFile));
        }

        var (second, loaded, log) = await StartAsync(memory);
        Assert.Contains(log.Lines, l => l.StartsWith("Rules from", StringComparison.Ordinal));
        Assert.Equal(memory, loaded.Current.Trie.MemoryKind);
        Assert.Equal(Decisions(built), Decisions(loaded));
        Assert.True(loaded.Current.Trie.Match("www.adult.example").IsBlocked);
        Assert.Equal(second.Lists.Select(l => (l.Source.Name, l.Report.ToString())), first.Lists.Select(l => (l.Source.Name, l.Report.ToString())));
        await WaitForAsync(() => log.Lines.Any(l => l.Contains("matches every list's contents", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_the_lists_missing_the_file_alone_filters()
    {
        var (_, built, _) = await StartAsync();
        File.Delete(Path.Combine(_folder, "adult.txt"));
        File.Delete(Path.Combine(_folder, "news.txt"));

        var (loader, loaded, log) = await StartAsync();
        Assert.Equal(Decisions(built), Decisions(loaded));
        Assert.Contains(loader.Warnings, w => w.Contains("list 'adult.txt' of category 'adult' does not exist", StringComparison.Ordinal) && w.Contains("rules.bin", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_list_missing_and_no_file_the_start_stops()
    {
        File.Delete(Path.Combine(_folder, "adult.txt"));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync());
        Assert.Contains("list 'adult.txt' of category 'adult' does not exist", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Damage => new()
    {
        { "flip", "checksum mismatch" },
        { "flip-inputs", "" },
        { "truncate", "truncated" },
        { "version", "format version 7" },
        { "empty", "truncated" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public async Task A_damaged_file_is_detected_and_rebuilt(string damage, string reason)
    {
        var (_, built, _) = await StartAsync();
        var bytes = await File.ReadAllBytesAsync(RulesFile, TestContext.Current.CancellationToken);
        switch (damage)
        {
            case "flip":
                // In the trie's data (the end of the file); a flip in the stored inputs reads as stale, also rebuilt.
                bytes[^10] ^= 0x01;
                break;
            case "flip-inputs":
                bytes[80] ^= 0x01;
                break;
            case "truncate":
                bytes = bytes[..^1];
                break;
            case "version":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 7);
                break;
            default:
                bytes = [];
                break;
        }

        await File.WriteAllBytesAsync(RulesFile, bytes, TestContext.Current.CancellationToken);
        var (_, rebuilt, log) = await StartAsync();

        Assert.Single(log.Lines, l => l.Contains($"not used ({reason}", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("written", StringComparison.Ordinal));
        Assert.Equal(Decisions(built), Decisions(rebuilt));

        // The file written in its place is whole again.
        var (_, _, third) = await StartAsync();
        Assert.Contains(third.Lines, l => l.StartsWith("Rules from", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_list_makes_the_file_stale()
    {
        await StartAsync();
        File.WriteAllText(Path.Combine(_folder, "news.txt"), "0.0.0.0 news.example\n0.0.0.0 more-news.example\n");

        var (_, holder, log) = await StartAsync();
        Assert.Single(log.Lines, l => l.Contains("not used (stale", StringComparison.Ordinal));
        Assert.True(holder.Current.Trie.Match("more-news.example").IsBlocked);
    }

    [Fact]
    public async Task Another_category_mapping_makes_the_file_stale()
    {
        await StartAsync();
        File.WriteAllText(Path.Combine(_folder, "policy.json"), """
            { "categories": { "adult": { "sources": ["adult.txt", "news.txt"] } }, "default": { "block": ["adult"] } }
            """);

        var (_, holder, log) = await StartAsync();
        Assert.Single(log.Lines, l => l.Contains("not used (stale", StringComparison.Ordinal));
        Assert.True(holder.Current.Trie.Match("news.example").HasCategory(0));
    }

    [Fact]
    public async Task A_list_rewritten_with_the_same_size_and_time_is_caught_in_the_background()
    {
        await StartAsync();
        var news = Path.Combine(_folder, "news.txt");
        var time = File.GetLastWriteTimeUtc(news);
        File.WriteAllText(news, "0.0.0.0 wews.example\n");
        File.SetLastWriteTimeUtc(news, time);

        var (_, holder, log) = await StartAsync();
        Assert.Contains(log.Lines, l => l.StartsWith("Rules from", StringComparison.Ordinal));
        await WaitForAsync(() => holder.Current.Trie.Match("wews.example").IsBlocked);
        Assert.False(holder.Current.Trie.Match("news.example").IsMatch);
        Assert.Contains(log.Lines, l => l.Contains("is stale (a list's contents changed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Essential_holds_survive_a_start_from_the_file_and_a_changed_essential_name_makes_it_stale()
    {
        var essential = Path.Combine(_folder, "bundled", "essential.txt");
        File.WriteAllText(essential, "# test\nkeep.example\n");
        File.WriteAllText(Path.Combine(_folder, "news.txt"), "0.0.0.0 news.example\n0.0.0.0 keep.example\n");

        // Parsed, then read back from the file: the entry for the essential name is held back both times, with its line.
        var (parsed, _, _) = await StartAsync();
        var (loaded, fromFile, log) = await StartAsync();
        Assert.Contains(log.Lines, l => l.StartsWith("Rules from", StringComparison.Ordinal));
        foreach (var loader in new[] { parsed, loaded })
        {
            var news = Assert.Single(loader.Lists, l => l.Source.Name.EndsWith("news.txt", StringComparison.Ordinal)).Report;
            Assert.Equal(1, news.EssentialHeldBack);
            Assert.Equal(1, news.Entries);
            Assert.Equal(new HomeFilter.Rules.Lists.EssentialHold("keep.example", 2), Assert.Single(news.EssentialHolds));
        }

        Assert.False(fromFile.Current.Trie.Match("keep.example").IsMatch);
        Assert.True(fromFile.Current.Trie.Match("news.example").IsBlocked);

        // Without that essential name the same lists block it: the file compiled with it is not used.
        File.WriteAllText(essential, "# test\nother.example\n");
        var (_, rebuilt, rebuiltLog) = await StartAsync();
        Assert.Single(rebuiltLog.Lines, l => l.Contains("not used (stale", StringComparison.Ordinal));
        Assert.True(rebuilt.Current.Trie.Match("keep.example").IsBlocked);
    }

    [Fact]
    public async Task A_policy_edit_that_keeps_the_lists_reuses_the_trie()
    {
        var (loader, holder, _) = await StartAsync();
        var trie = holder.Current.Trie;
        File.WriteAllText(Path.Combine(_folder, "policy.json"), """
            { "categories": { "adult": { "sources": ["adult.txt"] }, "news": { "sources": ["news.txt"] } }, "default": { "block": ["adult", "news"] } }
            """);
        var result = await loader.ReloadAsync(TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded);
        Assert.Same(trie, holder.Current.Trie);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        // A background step on a busy machine: wait for it, without making its speed part of the test.
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    private sealed class RecordingLogger : ILogger<RuleSnapshotLoader>
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
            }
        }
    }
}

/// <summary>A retired trie is not kept alive by the loader once a rebuild has replaced it.</summary>
public sealed class RuleFileRetireTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-retire-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_trie_from_the_file_is_collectable_after_a_rebuild()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "bundled"));
        var list = Path.Combine(_folder, "adult.txt");
        File.WriteAllText(list, "adult.example\n");
        File.WriteAllText(Path.Combine(_folder, "policy.json"), """{ "categories": { "adult": { "sources": ["adult.txt"] } } }""");
        var options = new PolicyOptions { File = Path.Combine(_folder, "policy.json"), BundledLists = Path.Combine(_folder, "bundled"), Watch = false, DataDirectory = Path.Combine(_folder, "data") };
        var first = Create(options, out _);
        await first.StartAsync(TestContext.Current.CancellationToken);
        await first.RulesFileSaved;

        var loader = Create(options, out var holder);
        await loader.StartAsync(TestContext.Current.CancellationToken);
        var old = Weak(holder);
        File.AppendAllText(list, "more.example\n");
        Assert.True((await loader.ReloadAsync(TestContext.Current.CancellationToken)).Succeeded);
        await loader.RulesFileSaved;
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.True(holder.Current.Trie.Match("more.example").IsBlocked);
        Assert.False(old.IsAlive);
    }

    private static WeakReference Weak(RuleSnapshotHolder holder) => new(holder.Current.Trie);

    private static RuleSnapshotLoader Create(PolicyOptions options, out RuleSnapshotHolder holder)
    {
        holder = new RuleSnapshotHolder();
        return new RuleSnapshotLoader(holder, Options.Create(options), Options.Create(new BlocklistOptions()), Options.Create(new UpstreamOptions()),
            NullLogger<UpstreamSet>.Instance, NullLogger<RuleSnapshotLoader>.Instance);
    }
}
