namespace HomeFilter.Benchmarks.Data;

/// <summary>
/// Generates realistic, deterministic blocklist names: a skewed top-level-domain mix (com about half),
/// pronounceable second-level labels with digits and hyphens, a share of subdomains, and a few hub
/// domains with thousands of children (like blogspot.com), averaging about 18 characters.
/// </summary>
public static class DomainListGenerator
{
    private static readonly (string Tld, int Weight)[] TopLevels =
    [
        ("com", 480), ("net", 70), ("org", 50), ("ru", 30), ("de", 30), ("xyz", 30), ("info", 20), ("top", 20),
        ("co.uk", 15), ("io", 15), ("fr", 15), ("nl", 12), ("br", 12), ("cn", 12), ("pl", 10), ("it", 10),
        ("online", 10), ("site", 10), ("club", 8), ("us", 8), ("in", 8), ("jp", 8), ("es", 8), ("biz", 6),
        ("tk", 6), ("me", 6), ("cc", 5), ("tv", 5), ("vip", 5), ("live", 5), ("com.br", 5), ("com.au", 5),
    ];

    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ne", "po", "ru", "sa", "te", "vi", "zu", "bet", "cas", "ino", "porn", "tube", "cam",
        "shop", "win", "max", "pro", "net", "web", "click", "ads", "track", "stat", "cdn", "img", "play", "sex",
        "gal", "hub", "fun", "go", "my", "top", "best", "free", "star", "on", "line", "zone", "land", "x",
    ];

    private static readonly string[] HostLabels = ["www", "m", "cdn", "api", "mail", "static", "img", "app", "ads", "t"];

    private static readonly string[] Hubs = ["blogspot.com", "tumblr.com", "wordpress.com", "github.io", "000webhostapp.com", "web.app"];

    /// <summary>Generates <paramref name="count"/> distinct names from <paramref name="seed"/>.</summary>
    public static string[] Generate(int count, int seed = 20260101)
    {
        var random = new Random(seed);
        var totalWeight = 0;
        foreach (var (_, weight) in TopLevels)
        {
            totalWeight += weight;
        }

        var names = new HashSet<string>(count, StringComparer.Ordinal);
        var parents = new List<string>();
        var result = new string[count];
        var filled = 0;
        while (filled < count)
        {
            var roll = random.Next(100);
            string name;
            if (roll < 4)
            {
                name = Label(random) + "." + Hubs[random.Next(Hubs.Length)];
            }
            else if (roll < 22 && parents.Count > 0)
            {
                var parent = parents[random.Next(parents.Count)];
                var host = random.Next(3) == 0 ? Label(random) : HostLabels[random.Next(HostLabels.Length)];
                name = host + "." + parent;
            }
            else
            {
                name = Label(random) + "." + PickTld(random, totalWeight);
                if (random.Next(8) == 0)
                {
                    parents.Add(name);
                }
            }

            if (name.Length <= 253 && names.Add(name))
            {
                result[filled++] = name;
            }
        }

        return result;
    }

    private static string PickTld(Random random, int totalWeight)
    {
        var pick = random.Next(totalWeight);
        foreach (var (tld, weight) in TopLevels)
        {
            if (pick < weight)
            {
                return tld;
            }

            pick -= weight;
        }

        return "com";
    }

    private static string Label(Random random)
    {
        Span<char> buffer = stackalloc char[40];
        var length = 0;
        var syllables = 2 + random.Next(3);
        for (var i = 0; i < syllables; i++)
        {
            var syllable = Syllables[random.Next(Syllables.Length)];
            syllable.CopyTo(buffer[length..]);
            length += syllable.Length;
            if (i < syllables - 1 && random.Next(12) == 0)
            {
                buffer[length++] = '-';
            }
        }

        if (random.Next(4) == 0)
        {
            var digits = random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            digits.CopyTo(buffer[length..]);
            length += digits.Length;
        }

        return new string(buffer[..length]);
    }
}
