using System.Text;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Lists;

public class EssentialNamesTests
{
    private static readonly EssentialNames Essential = EssentialNames.From(
        ["google.com", "classroom.google.com", "apple-dns.net", "Time.Apple.COM."], out _);

    [Theory]
    [InlineData("google.com", MatchScope.Subtree, true)]
    [InlineData("com", MatchScope.Subtree, true)]
    [InlineData("net", MatchScope.Subtree, true)]
    [InlineData("apple-dns.net", MatchScope.Subtree, true)]
    [InlineData("apple.com", MatchScope.Subtree, true)]
    [InlineData("time.apple.com", MatchScope.Exact, true)]
    [InlineData("classroom.google.com", MatchScope.Exact, true)]

    // A subdomain of an essential name does not block the name itself.
    [InlineData("ads.google.com", MatchScope.Subtree, false)]

    // An exact entry for a parent blocks only the parent, which is not essential.
    [InlineData("apple.com", MatchScope.Exact, false)]
    [InlineData("com", MatchScope.Exact, false)]
    [InlineData("doubleclick.net", MatchScope.Subtree, false)]
    [InlineData("googletagmanager.com", MatchScope.Subtree, false)]
    public void An_entry_blocks_an_essential_name_when_it_is_one_or_a_parent_of_one(string entry, MatchScope scope, bool expected) =>
        Assert.Equal(expected, Essential.WouldBlock(entry, scope));

    [Fact]
    public void Invalid_names_are_counted_and_left_out()
    {
        var essential = EssentialNames.From(["ok.example", "not a name", ""], out var invalid);

        Assert.Equal(2, invalid);
        Assert.Equal(1, essential.Count);
        Assert.True(essential.WouldBlock("example", MatchScope.Subtree));
    }

    [Fact]
    public void None_blocks_nothing() => Assert.False(EssentialNames.None.WouldBlock("com", MatchScope.Subtree));

    [Fact]
    public void The_loader_holds_back_entries_that_would_block_essential_names_and_applies_the_rest()
    {
        const string list = "# porn list\nporn.example\ngoogle.com\nmore-porn.example\n||com^\n|time.apple.com^\n@@||google.com^\n";
        var source = new RuleSource("porn.txt", 0, () => new MemoryStream(Encoding.UTF8.GetBytes(list)));

        var result = RuleSetLoader.Load([source], essential: Essential);

        var report = result.Lists[0].Report;
        Assert.Equal(3, report.EssentialHeldBack);
        Assert.Equal([new EssentialHold("google.com", 3), new EssentialHold("com", 5), new EssentialHold("time.apple.com", 6)], report.EssentialHolds);
        Assert.Equal(3, report.Entries);
        Assert.True(result.Trie.Match("porn.example").IsBlocked);
        Assert.True(result.Trie.Match("more-porn.example").IsBlocked);
        Assert.False(result.Trie.Match("google.com").IsBlocked);
        Assert.False(result.Trie.Match("time.apple.com").IsBlocked);
        Assert.False(result.Trie.Match("anything.com").IsBlocked);
        Assert.Contains("held back", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_allow_list_is_never_held_back()
    {
        var source = new RuleSource("allow.txt", 0, () => new MemoryStream("google.com\n"u8.ToArray()), isAllowList: true);

        var report = RuleSetLoader.Load([source], essential: Essential).Lists[0].Report;

        Assert.Equal(0, report.EssentialHeldBack);
        Assert.Equal(1, report.Entries);
    }

    [Fact]
    public void The_bundled_file_covers_the_real_cases_and_leaves_ad_domains_alone()
    {
        var path = Path.Combine(FindRepositoryRoot(), "blocklists", "essential.txt");
        var names = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            if (text.Length > 0 && text[0] != '#')
            {
                names.Add(text);
            }
        }

        var essential = EssentialNames.From(names, out var invalid);

        Assert.Equal(0, invalid);
        foreach (var name in (string[])["google.com", "skype.com", "apple-dns.net", "connectivitycheck.gstatic.com", "captive.apple.com", "msftconnecttest.com", "windowsupdate.com", "time.apple.com", "pool.ntp.org", "time.windows.com", "classroom.google.com", "instructure.com", "moodle.org", "bing.com", "duckduckgo.com"])
        {
            Assert.True(essential.WouldBlock(name, MatchScope.Subtree), name);
        }

        Assert.False(essential.WouldBlock("doubleclick.net", MatchScope.Subtree));
        Assert.False(essential.WouldBlock("googletagmanager.com", MatchScope.Subtree));
    }

    private static string FindRepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "HomeFilter.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("HomeFilter.sln not found above the test folder");
    }
}
