using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Tests.Wire;
using static HomeFilter.Resolver.Tests.Cache.CacheTestSupport;

namespace HomeFilter.Resolver.Tests.Cache;

public class DnsResponseCacheTests
{
    private static readonly CacheQuestion Www = new("www.example.com");

    [Fact]
    public void Ttls_count_down_with_the_clock_and_the_entry_expires_at_the_lifetime()
    {
        var time = new ManualTimeProvider();
        var cache = Create(time);
        Assert.True(cache.Add(Www, Answer("www.example.com", 300)));

        Assert.Equal(300, Assert.Single(cache.Get(Www)!.AnswerRecords).TimeToLive);
        time.AdvanceSeconds(100);
        Assert.Equal(200, Assert.Single(cache.Get(Www)!.AnswerRecords).TimeToLive);
        time.AdvanceSeconds(199.5);
        Assert.Equal(1, Assert.Single(cache.Get(Www)!.AnswerRecords).TimeToLive);
        time.AdvanceSeconds(0.5);
        Assert.Null(cache.Get(Www));

        var statistics = cache.GetStatistics();
        Assert.Equal(3, statistics.Hits);
        Assert.Equal(1, statistics.Misses);
        Assert.Equal(1, statistics.Entries);
    }

    [Fact]
    public void Every_ttl_is_rewritten_and_capped_by_the_lifetime()
    {
        var time = new ManualTimeProvider();
        var cache = Create(time);
        var upstream = WireFixtures.Response("www.example.com", RecordType.A);
        upstream.AnswerRecords.Add(WireFixtures.Cname("www.example.com", 3600, "edge.example.net"));
        upstream.AnswerRecords.Add(WireFixtures.A("edge.example.net", 60, "192.0.2.1"));
        upstream.AuthorityRecords.Add(new NsRecord(ARSoft.Tools.Net.DomainName.Parse("example.net"), 7200, ARSoft.Tools.Net.DomainName.Parse("ns.example.net")));
        upstream.AdditionalRecords.Add(WireFixtures.A("ns.example.net", 30, "192.0.2.53"));
        upstream.IsEDnsEnabled = true;
        upstream.EDnsOptions!.UdpPayloadSize = 1232;
        Assert.True(cache.Add(Www, WireFixtures.Encode(upstream)));

        time.AdvanceSeconds(10);
        var hit = cache.Get(Www)!;

        Assert.Equal(new[] { 50, 50 }, hit.AnswerRecords.Select(r => r.TimeToLive));
        Assert.Equal(50, Assert.Single(hit.AuthorityRecords).TimeToLive);
        Assert.Equal(20, hit.AdditionalRecords.Single(r => r is not OptRecord).TimeToLive);
        Assert.Equal(1232, hit.EDnsOptions!.UdpPayloadSize);
    }

    [Fact]
    public void Max_ttl_bounds_the_lifetime()
    {
        var time = new ManualTimeProvider();
        var cache = Create(time, o => o.MaxTtlSeconds = 60);
        cache.Add(Www, Answer("www.example.com", 300));

        Assert.Equal(60, Assert.Single(cache.Get(Www)!.AnswerRecords).TimeToLive);
        time.AdvanceSeconds(59);
        Assert.NotNull(cache.Get(Www));
        time.AdvanceSeconds(1);
        Assert.Null(cache.Get(Www));
    }

    [Fact]
    public void Min_ttl_keeps_short_answers_longer_but_never_serves_a_negative_ttl()
    {
        var time = new ManualTimeProvider();
        var cache = Create(time, o => o.MinTtlSeconds = 30);
        cache.Add(Www, Answer("www.example.com", 5));

        time.AdvanceSeconds(20);
        Assert.Equal(0, Assert.Single(cache.Get(Www)!.AnswerRecords).TimeToLive);
        time.AdvanceSeconds(10);
        Assert.Null(cache.Get(Www));
    }

    [Theory]
    [InlineData(900, 300, 3600, 300)]
    [InlineData(120, 300, 3600, 120)]
    [InlineData(900, 7200, 3600, 900)]
    [InlineData(86400, 86400, 3600, 3600)]
    [InlineData(900, 300, 60, 60)]
    public void Negative_answers_live_for_min_of_soa_ttl_and_minimum_capped(int soaTtl, int soaMinimum, int maxNegative, int expectedLifetime)
    {
        var time = new ManualTimeProvider();
        var cache = Create(time, o => o.MaxNegativeTtlSeconds = maxNegative);
        var question = new CacheQuestion("nope.example.com");
        Assert.True(cache.Add(question, Negative("nope.example.com", RecordType.A, ReturnCode.NxDomain, soaTtl, soaMinimum)));

        var hit = cache.Get(question)!;
        Assert.Equal(ReturnCode.NxDomain, hit.ReturnCode);
        Assert.Equal(expectedLifetime, Assert.Single(hit.AuthorityRecords).TimeToLive);
        time.AdvanceSeconds(expectedLifetime - 1);
        Assert.NotNull(cache.Get(question));
        time.AdvanceSeconds(1);
        Assert.Null(cache.Get(question));
    }

    [Fact]
    public void Nodata_with_soa_is_cached()
    {
        var cache = Create(new ManualTimeProvider());
        var question = new CacheQuestion("www.example.com", RecordType.Aaaa);

        Assert.True(cache.Add(question, Negative("www.example.com", RecordType.Aaaa, ReturnCode.NoError, 600, 60)));
        Assert.Equal(60, Assert.Single(cache.Get(question)!.AuthorityRecords).TimeToLive);
    }

    public static TheoryData<string, CacheQuestion, byte[]> NotCacheable()
    {
        var truncated = Answer("www.example.com", 300);
        truncated[2] |= 0x02;
        var mismatch = Answer("other.example.com", 300);
        var corrupt = Answer("www.example.com", 300)[..^6];
        return new TheoryData<string, CacheQuestion, byte[]>
        {
            { "SERVFAIL", Www, Negative("www.example.com", RecordType.A, ReturnCode.ServerFailure, 300) },
            { "REFUSED", Www, Negative("www.example.com", RecordType.A, ReturnCode.Refused, null) },
            { "FORMERR", Www, Negative("www.example.com", RecordType.A, ReturnCode.FormatError, null) },
            { "TC set", Www, truncated },
            { "TTL 0", Www, Answer("www.example.com", 0) },
            { "one TTL 0 among others", Www, Answer("www.example.com", 300, 0) },
            { "NXDOMAIN without SOA", Www, Negative("www.example.com", RecordType.A, ReturnCode.NxDomain, null) },
            { "NODATA without SOA", Www, Negative("www.example.com", RecordType.A, ReturnCode.NoError, null) },
            { "answer to another question", Www, mismatch },
            { "malformed", Www, corrupt },
            { "shorter than a header", Www, new byte[8] },
        };
    }

    [Theory]
    [MemberData(nameof(NotCacheable))]
    public void Answers_that_must_not_be_cached_are_refused(string description, CacheQuestion question, byte[] message)
    {
        var cache = Create(new ManualTimeProvider());

        Assert.False(cache.Add(question, message), description);
        Assert.Null(cache.Get(question));
        Assert.Equal(0, cache.GetStatistics().Entries);
    }

    [Fact]
    public void A_zero_byte_cache_stores_nothing()
    {
        var cache = Create(new ManualTimeProvider(), o => o.MaxBytes = 0);

        Assert.False(cache.Add(Www, Answer("www.example.com", 300)));
        Assert.Null(cache.Get(Www));
    }

    public static TheoryData<CacheQuestion> OtherKeys() => new()
    {
        new CacheQuestion("www.example.com", DnssecOk: true),
        new CacheQuestion("www.example.com", CheckingDisabled: true),
        new CacheQuestion("www.example.com", DnssecOk: true, CheckingDisabled: true),
        new CacheQuestion("www.example.com", RecordType.Aaaa),
        new CacheQuestion("www.example.com", Class: RecordClass.Chaos),
        new CacheQuestion("ww.example.com"),
        new CacheQuestion("www.example.co"),
    };

    [Theory]
    [MemberData(nameof(OtherKeys))]
    public void Do_cd_type_class_and_name_separate_entries(CacheQuestion other)
    {
        var cache = Create(new ManualTimeProvider());
        cache.Add(Www, Answer("www.example.com", 300));

        Assert.Null(cache.Get(other));
        Assert.NotNull(cache.Get(Www));
    }

    [Fact]
    public void Letter_case_does_not_split_entries()
    {
        var cache = Create(new ManualTimeProvider());
        var upper = new CacheQuestion("WWW.Example.COM");
        var upstream = WireFixtures.Response("WWW.Example.COM", RecordType.A);
        upstream.AnswerRecords.Add(WireFixtures.A("WWW.Example.COM", 300, "192.0.2.1"));

        Assert.True(cache.Add(upper, WireFixtures.Encode(upstream)));

        Assert.NotNull(cache.Get(Www));
        Assert.NotNull(cache.Get(new CacheQuestion("wWw.eXaMpLe.cOm")));
    }

    [Fact]
    public void A_newer_answer_replaces_the_old_one()
    {
        var time = new ManualTimeProvider();
        var cache = Create(time);
        cache.Add(Www, Answer("www.example.com", 300));
        time.AdvanceSeconds(100);
        cache.Add(Www, Answer("www.example.com", 600, 600));

        var hit = cache.Get(Www)!;

        Assert.Equal(2, hit.AnswerRecords.Count);
        Assert.Equal(600, hit.AnswerRecords[0].TimeToLive);
        Assert.Equal(1, cache.GetStatistics().Entries);
    }

    [Fact]
    public void Bytes_stay_within_the_bound_and_referenced_entries_survive_eviction()
    {
        const long maxBytes = 64 * 1024;
        var cache = Create(new ManualTimeProvider(), o => o.MaxBytes = maxBytes);
        var hot = new CacheQuestion("hot.example.com");
        cache.Add(hot, Answer("hot.example.com", 300));

        for (var i = 0; i < 2000; i++)
        {
            var name = $"host{i}.example.com";
            Assert.True(cache.Add(new CacheQuestion(name), Answer(name, 300)));
            Assert.NotNull(cache.Get(hot));
            Assert.InRange(cache.GetStatistics().Bytes, 1, maxBytes);
        }

        var statistics = cache.GetStatistics();
        Assert.True(statistics.Evictions > 1000, $"evictions {statistics.Evictions}");
        Assert.InRange(statistics.Entries, 50, 1000);
        Assert.NotNull(cache.Get(new CacheQuestion("host1999.example.com")));
        Assert.Null(cache.Get(new CacheQuestion("host0.example.com")));
    }

    [Fact]
    public void An_answer_bigger_than_the_whole_cache_is_not_stored()
    {
        var cache = Create(new ManualTimeProvider(), o => o.MaxBytes = 2048);
        var question = new CacheQuestion("big.example.com", RecordType.Txt);

        Assert.False(cache.Add(question, WireFixtures.Encode(WireFixtures.BigTxt("big.example.com"))));
    }

    [Fact]
    public void Stale_answers_are_served_only_through_the_stale_path_and_only_within_the_window()
    {
        var time = new ManualTimeProvider();
        var cache = Create(time, o => { o.StaleWindowSeconds = 600; o.StaleAnswerTtlSeconds = 30; });
        var upstream = WireFixtures.Response("www.example.com", RecordType.A);
        upstream.AnswerRecords.Add(WireFixtures.Cname("www.example.com", 300, "edge.example.net"));
        upstream.AnswerRecords.Add(WireFixtures.A("edge.example.net", 100, "192.0.2.1"));
        cache.Add(Www, WireFixtures.Encode(upstream));

        time.AdvanceSeconds(50);
        Assert.Equal(new[] { 50, 50 }, cache.GetStale(Www)!.AnswerRecords.Select(r => r.TimeToLive));
        time.AdvanceSeconds(50);
        Assert.Null(cache.Get(Www));
        Assert.Equal(new[] { 30, 30 }, cache.GetStale(Www)!.AnswerRecords.Select(r => r.TimeToLive));
        time.AdvanceSeconds(599);
        Assert.NotNull(cache.GetStale(Www));
        time.AdvanceSeconds(1);
        Assert.Null(cache.GetStale(Www));
        Assert.Equal(3, cache.GetStatistics().StaleServed);
    }

    [Fact]
    public void A_zero_stale_window_disables_serve_stale()
    {
        var time = new ManualTimeProvider();
        var cache = Create(time, o => o.StaleWindowSeconds = 0);
        cache.Add(Www, Answer("www.example.com", 10));

        time.AdvanceSeconds(10);

        Assert.Null(cache.GetStale(Www));
    }

    [Fact]
    public void Entries_past_the_stale_window_are_dropped_on_lookup()
    {
        var time = new ManualTimeProvider();
        var cache = Create(time, o => o.StaleWindowSeconds = 10);
        cache.Add(Www, Answer("www.example.com", 10));

        time.AdvanceSeconds(25);

        Assert.Null(cache.Get(Www));
        Assert.Equal(0, cache.GetStatistics().Entries);
        Assert.Equal(0, cache.GetStatistics().Bytes);
    }

    [Fact]
    public void Clear_drops_everything()
    {
        var cache = Create(new ManualTimeProvider());
        cache.Add(Www, Answer("www.example.com", 300));

        cache.Clear();

        Assert.Null(cache.Get(Www));
        Assert.Equal(0, cache.GetStatistics().Bytes);
    }

    [Theory]
    [InlineData(-1, 0, 10)]
    [InlineData(100, 20, 10)]
    [InlineData(100, -5, 10)]
    public void Invalid_options_are_refused(long maxBytes, int minTtl, int maxTtl)
    {
        var options = new CacheOptions { MaxBytes = maxBytes, MinTtlSeconds = minTtl, MaxTtlSeconds = maxTtl };

        Assert.NotNull(options.Validate());
        Assert.Throws<ArgumentException>(() => new DnsResponseCache(options));
    }

    [Fact]
    public void Concurrent_readers_and_writers_only_ever_see_whole_answers_to_their_question()
    {
        var time = new ManualTimeProvider();
        var cache = Create(time, o => o.MaxBytes = 256 * 1024);
        var questions = Enumerable.Range(0, 300).Select(i => new CacheQuestion($"n{i}.example.com")).ToArray();
        var answers = questions.Select(q => Answer(q.Name, 300, 200)).ToArray();
        var hits = 0L;
        var reads = 0L;

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var random = new Random(worker);
            var buffer = new byte[65535];
            for (var i = 0; i < 25_000; i++)
            {
                var index = random.Next(questions.Length);
                var question = questions[index];
                if (random.Next(4) == 0)
                {
                    cache.Add(question, answers[index]);
                    continue;
                }

                Interlocked.Increment(ref reads);
                if (cache.TryGet(question.WireName, 1, 1, false, false, buffer, out var length))
                {
                    Interlocked.Increment(ref hits);
                    Assert.Equal(answers[index].Length, length);
                    Assert.True(buffer.AsSpan(12, question.WireName.Length).SequenceEqual(question.WireName));
                }

                if (worker == 0 && i % 5000 == 0)
                {
                    time.AdvanceSeconds(1);
                }
            }
        });

        var statistics = cache.GetStatistics();
        Assert.True(hits > 0);
        Assert.InRange(statistics.Bytes, 1, 256 * 1024);
        Assert.Equal(hits, statistics.Hits);
        Assert.Equal(reads, statistics.Hits + statistics.Misses);
    }
}
