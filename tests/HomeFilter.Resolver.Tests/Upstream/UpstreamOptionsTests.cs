using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Tests.Upstream;

public sealed class UpstreamOptionsTests
{
    [Fact]
    public void Defaults_are_quad9_with_two_second_attempts_and_a_four_second_deadline()
    {
        var options = new UpstreamOptions();

        Assert.Equal(["9.9.9.9:53", "149.112.112.112:53"], options.EffectiveUpstreams);
        Assert.Equal(2_000, options.UpstreamTimeoutMs);
        Assert.Equal(4_000, options.UpstreamDeadlineMs);
        Assert.True(options.UpstreamTlsValidateCertificate);
        Assert.Empty(UpstreamOptionsValidator.Collect(options));
    }

    public static TheoryData<Action<UpstreamOptions>, string> InvalidSettings => new()
    {
        { o => o.Upstreams = ["9.9.9.9", "dns.google"], "HomeFilter:Dns:Upstreams[1]: Upstream 'dns.google' is invalid" },
        { o => o.Upstreams = ["9.9.9.9", "9.9.9.9"], "HomeFilter:Dns:Upstreams[1]: '9.9.9.9' is listed twice" },
        { o => o.Upstreams = [.. Enumerable.Range(1, 65).Select(i => $"10.0.0.{i}")], "at most 64" },
        { o => o.UpstreamTimeoutMs = 0, "HomeFilter:Dns:UpstreamTimeoutMs must be greater than 0" },
        { o => o.UpstreamDeadlineMs = -1, "HomeFilter:Dns:UpstreamDeadlineMs must be greater than 0" },
        { o => o.UpstreamFailuresBeforeDown = 0, "HomeFilter:Dns:UpstreamFailuresBeforeDown" },
        { o => o.UpstreamRetryBackoffMs = 0, "HomeFilter:Dns:UpstreamRetryBackoffMs" },
        { o => o.UpstreamMaxRetryBackoffMs = 10, "UpstreamMaxRetryBackoffMs (10) must be at least UpstreamRetryBackoffMs (5000)" },
        { o => o.UpstreamMaxConnections = 0, "HomeFilter:Dns:UpstreamMaxConnections" },
        { o => o.UpstreamIdleConnections = -1, "HomeFilter:Dns:UpstreamIdleConnections must not be negative" },
        { o => o.UpstreamConnectionIdleTimeoutMs = 0, "HomeFilter:Dns:UpstreamConnectionIdleTimeoutMs" },
        { o => o.UpstreamSelection = (UpstreamSelection)7, "HomeFilter:Dns:UpstreamSelection must be Fastest or Ordered" },
        { o => o.UpstreamTlsPinnedSpkiSha256 = ["not-a-pin"], "HomeFilter:Dns:UpstreamTlsPinnedSpkiSha256[0]: 'not-a-pin'" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Each_invalid_setting_is_reported_by_key(Action<UpstreamOptions> change, string expected)
    {
        var options = new UpstreamOptions();
        change(options);

        var errors = UpstreamOptionsValidator.Collect(options);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
        var failure = Assert.Throws<OptionsValidationException>(() => UpstreamTestSupport.CreateSet(options));
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Jv9/0mRdGGTFzeMIuNZDZr7OEuJMu3BuTnuJOBm9zg8=")]
    [InlineData("26ff7fd2645d1864c5cde308b8d64366bece12e24cbb706e4e7b893819bdce0f")]
    [InlineData("26:ff:7f:d2:64:5d:18:64:c5:cd:e3:08:b8:d6:43:66:be:ce:12:e2:4c:bb:70:6e:4e:7b:89:38:19:bd:ce:0f")]
    public void Pins_are_accepted_in_base64_and_hex(string pin)
    {
        Assert.Empty(UpstreamOptionsValidator.Collect(new UpstreamOptions { UpstreamTlsPinnedSpkiSha256 = [pin] }));
    }

    [Theory]
    [InlineData("Jv9/0mRdGGTFzeMIuNZDZr7OEuJMu3BuTnuJOBm9zg==")]
    [InlineData("26ff7fd2645d1864c5cde308b8d64366bece12e24cbb706e4e7b893819bdce")]
    [InlineData("zzff7fd2645d1864c5cde308b8d64366bece12e24cbb706e4e7b893819bdce0f")]
    public void Pins_of_the_wrong_length_or_alphabet_are_rejected(string pin)
    {
        Assert.Single(UpstreamOptionsValidator.Collect(new UpstreamOptions { UpstreamTlsPinnedSpkiSha256 = [pin] }));
    }

    [Fact]
    public void Binds_from_configuration_and_registers_the_set_and_the_stage()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HomeFilter:Dns:Upstreams:0"] = "127.0.0.1:5353",
            ["HomeFilter:Dns:Upstreams:1"] = "tls://127.0.0.1:853#dns.test",
            ["HomeFilter:Dns:UpstreamTimeoutMs"] = "700",
            ["HomeFilter:Dns:UpstreamSelection"] = "ordered",
            ["HomeFilter:Dns:UpstreamTlsPinnedSpkiSha256:0"] = "Jv9/0mRdGGTFzeMIuNZDZr7OEuJMu3BuTnuJOBm9zg8=",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddHomeFilterUpstreams(configuration)
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<UpstreamOptions>>().Value;
        var set = provider.GetRequiredService<UpstreamSet>();

        Assert.Equal(["127.0.0.1:5353", "tls://127.0.0.1:853#dns.test"], options.Upstreams);
        Assert.Equal(700, options.UpstreamTimeoutMs);
        Assert.Equal(UpstreamSelection.Ordered, options.UpstreamSelection);
        Assert.Same(provider.GetRequiredService<UpstreamStage>(), provider.GetRequiredService<UpstreamStage>());
        Assert.Equal([UpstreamProtocol.Udp, UpstreamProtocol.Tls], set.GetHealth().Select(h => h.Protocol));
        Assert.All(set.GetHealth(), h => Assert.Equal(UpstreamState.Unknown, h.State));
    }

    [Fact]
    public void An_invalid_entry_in_configuration_fails_start_validation_naming_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HomeFilter:Dns:Upstreams:0"] = "9.9.9.9",
            ["HomeFilter:Dns:Upstreams:1"] = "tls://9.9.9.9:99999",
        }).Build();
        using var provider = new ServiceCollection().AddHomeFilterUpstreams(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("HomeFilter:Dns:Upstreams[1]: Upstream 'tls://9.9.9.9:99999' is invalid: port '99999'", failure.Message, StringComparison.Ordinal);
    }
}
