using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Tests.Upstream;

internal static class UpstreamTestSupport
{
    /// <summary>
    /// Timeouts generous enough for a first TLS or HTTP/2 exchange on a busy machine (JIT, handshakes, tests in
    /// parallel); tests of the timeout paths set their own short values.
    /// </summary>
    public static UpstreamOptions Options(params string[] upstreams) => new()
    {
        Upstreams = [.. upstreams],
        UpstreamTimeoutMs = 5_000,
        UpstreamDeadlineMs = 10_000,
    };

    public static UpstreamSet CreateSet(UpstreamOptions options)
        => new(Microsoft.Extensions.Options.Options.Create(options), NullLogger<UpstreamSet>.Instance);

    /// <summary>A dotted name as lower-case, uncompressed wire format (what the query reader leaves in the context).</summary>
    public static byte[] WireName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').ToLowerInvariant().Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    public static UpstreamQuery Query(string name, RecordType type = RecordType.A, bool checkingDisabled = false, bool dnssecOk = false)
    {
        var buffer = new byte[UpstreamQuery.MaxBufferLength];
        var length = UpstreamQueryWriter.Write(
            buffer.AsSpan(UpstreamQuery.PrefixLength), 0x1234, WireName(name), (ushort)type, 1, checkingDisabled, dnssecOk, out var questionEnd);
        return new UpstreamQuery(buffer, length, questionEnd);
    }

    /// <summary>Forwards one question and parses the answer (null when there is none).</summary>
    public static async Task<Forwarded> ForwardAsync(this UpstreamSet set, string name, RecordType type = RecordType.A, bool dnssecOk = false)
    {
        var answer = new byte[65536];
        var result = await set.ForwardAsync(Query(name, type, dnssecOk: dnssecOk), answer, CancellationToken.None);
        var message = result.Length > 0 ? DnsWireCodec.Decode(answer.AsSpan(0, result.Length)) : null;
        return new Forwarded(result, message, answer.AsSpan(0, result.Length).ToArray());
    }

    public static UpstreamHealth Health(this UpstreamSet set, string upstream)
    {
        foreach (var health in set.GetHealth())
        {
            if (health.Upstream == upstream)
            {
                return health;
            }
        }

        throw new InvalidOperationException("No upstream " + upstream);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}

internal sealed record Forwarded(ForwardResult Result, DnsMessage? Message, byte[] Raw);
