using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// The configured upstream resolvers and the policy for using them. A query goes to the best healthy upstream
/// (fastest or first, per <see cref="UpstreamOptions.UpstreamSelection"/>), then to the others in turn after a
/// timeout, error or SERVFAIL/REFUSED, all within <see cref="UpstreamOptions.UpstreamDeadlineMs"/>.
/// Upstreams marked down are left out while another upstream works, except for one real query copied to a
/// down upstream in the background once its back-off has passed (a probe that never delays the client).
/// When no upstream is healthy, the down ones are tried anyway: a success brings one back at once, so
/// service resumes as soon as the network does instead of after the back-off.
/// </summary>
public sealed class UpstreamSet : IAsyncDisposable, IDisposable
{
    private readonly UpstreamServer[] _servers;
    private readonly UpstreamSelection _selection;
    private readonly int _timeoutMs;
    private readonly int _deadlineMs;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _names;
    private int _disposed;

    // 1 while the last query found no upstream reachable: the log says so once per outage, not once per query.
    private int _unreachable;

    public UpstreamSet(IOptions<UpstreamOptions> options, ILogger<UpstreamSet> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var errors = UpstreamOptionsValidator.Collect(settings);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(UpstreamOptions.Section, typeof(UpstreamOptions), errors);
        }

        _logger = logger;
        _selection = settings.UpstreamSelection;
        _timeoutMs = settings.UpstreamTimeoutMs;
        _deadlineMs = settings.UpstreamDeadlineMs;
        var validator = new UpstreamCertificateValidator(settings.UpstreamTlsPinnedSpkiSha256, settings.UpstreamTlsValidateCertificate);
        var entries = settings.EffectiveUpstreams;
        _servers = new UpstreamServer[entries.Count];
        var encrypted = false;
        for (var i = 0; i < entries.Count; i++)
        {
            var address = UpstreamAddress.Parse(entries[i]);
            encrypted |= address.Protocol is UpstreamProtocol.Tls or UpstreamProtocol.Https;
            _servers[i] = new UpstreamServer(i, address, settings, validator, logger);
        }

        if (encrypted && !settings.UpstreamTlsValidateCertificate && settings.UpstreamTlsPinnedSpkiSha256.Count == 0)
        {
            UpstreamLog.TlsValidationDisabled(logger);
        }

        Upstreams = Array.ConvertAll(_servers, static server => server.Address);
        _names = string.Join(", ", Array.ConvertAll(_servers, static server => server.Address.Text));
    }

    /// <summary>The upstreams in configured order.</summary>
    public IReadOnlyList<UpstreamAddress> Upstreams { get; }

    /// <summary>The health of every upstream, in configured order (for the admin API).</summary>
    public IReadOnlyList<UpstreamHealth> GetHealth()
    {
        var now = Environment.TickCount64;
        var result = new UpstreamHealth[_servers.Length];
        for (var i = 0; i < _servers.Length; i++)
        {
            result[i] = _servers[i].Health.Snapshot(_servers[i].Address, now);
        }

        return result;
    }

    /// <summary>
    /// Forwards <paramref name="query"/> and leaves the answer in <paramref name="answer"/> (at least
    /// <see cref="Pipeline.QueryContext.MaxMessageSize"/> bytes). If every upstream that answered said
    /// SERVFAIL or REFUSED, the last such answer is returned with <see cref="AttemptStatus.ErrorAnswer"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<ForwardResult> ForwardAsync(UpstreamQuery query, byte[] answer, CancellationToken aborted)
    {
        var deadline = Environment.TickCount64 + _deadlineMs;
        StartDueProbes(query);
        ulong tried = 0;
        var timedOut = false;
        var networkError = false;
        byte[]? kept = null;
        var keptLength = 0;
        string? keptUpstream = null;
        try
        {
            while (true)
            {
                // Down upstreams are a last resort only while nobody answered at all: a SERVFAIL in hand is
                // worth more than waiting out the timeout of a server that is probably still dead.
                var index = PickNext(tried, includeDown: kept is null);
                var remaining = deadline - Environment.TickCount64;
                if (index < 0 || remaining <= 0)
                {
                    break;
                }

                tried |= 1UL << index;
                var server = _servers[index];
                var probe = server.Health.TryClaimProbe(Environment.TickCount64);
                var (status, length) = await server.AttemptAsync(query, answer, (int)Math.Min(_timeoutMs, remaining), probe, aborted)
                    .ConfigureAwait(false);
                switch (status)
                {
                    case AttemptStatus.Answered:
                        MarkReachable(server.Address.Text);
                        return new ForwardResult(AttemptStatus.Answered, length, server.Address.Text);
                    case AttemptStatus.Aborted:
                        return new ForwardResult(AttemptStatus.Aborted, 0, null);
                    case AttemptStatus.ErrorAnswer:
                        kept ??= ArrayPool<byte>.Shared.Rent(answer.Length);
                        answer.AsSpan(0, length).CopyTo(kept);
                        keptLength = length;
                        keptUpstream = server.Address.Text;
                        break;
                    case AttemptStatus.TimedOut:
                        timedOut = true;
                        break;
                    case AttemptStatus.Failed:
                        networkError = true;
                        break;
                }
            }

            if (kept is not null)
            {
                // An upstream that says SERVFAIL or REFUSED is reachable: the outage (if any) is over.
                MarkReachable(keptUpstream);
                kept.AsSpan(0, keptLength).CopyTo(answer);
                return new ForwardResult(AttemptStatus.ErrorAnswer, keptLength, keptUpstream);
            }

            UpstreamLog.AllFailed(_logger, _deadlineMs);
            var refused = networkError && !timedOut;
            if (Volatile.Read(ref _unreachable) == 0 && Interlocked.Exchange(ref _unreachable, 1) == 0)
            {
                UpstreamLog.NoneReachable(_logger, _names, refused ? "the network refused every attempt" : "no answer in time", _deadlineMs);
            }

            return new ForwardResult(AttemptStatus.Failed, 0, null, refused);
        }
        finally
        {
            if (kept is not null)
            {
                ArrayPool<byte>.Shared.Return(kept);
            }
        }
    }

    /// <summary>Ends an outage the log announced, once (the common case is one volatile read).</summary>
    private void MarkReachable(string? upstream)
    {
        if (Volatile.Read(ref _unreachable) != 0 && Interlocked.Exchange(ref _unreachable, 0) != 0)
        {
            UpstreamLog.ReachableAgain(_logger, upstream ?? _names);
        }
    }

    /// <summary>Closing connections never blocks for long, so a container that disposes synchronously is served too.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        // _stopping is not disposed: a probe finishing late may still read its token; it holds no timer.
    }

    /// <summary>
    /// The next upstream to try among those not tried yet: the best healthy one; failing that (when allowed) the
    /// down one whose probe is due soonest. -1 when none is left.
    /// </summary>
    private int PickNext(ulong tried, bool includeDown)
    {
        var best = -1;
        for (var i = 0; i < _servers.Length; i++)
        {
            if ((tried & (1UL << i)) != 0 || _servers[i].Health.IsDown)
            {
                continue;
            }

            if (best < 0 || (_selection == UpstreamSelection.Fastest && _servers[i].Health.RankLatencyMs < _servers[best].Health.RankLatencyMs))
            {
                best = i;
            }
        }

        if (best >= 0 || !includeDown)
        {
            return best;
        }

        for (var i = 0; i < _servers.Length; i++)
        {
            if ((tried & (1UL << i)) == 0 && (best < 0 || _servers[i].Health.RetryAtMs < _servers[best].Health.RetryAtMs))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>While some upstream is healthy, copies this query to every down upstream whose probe is due.</summary>
    private void StartDueProbes(in UpstreamQuery query)
    {
        var anyDown = false;
        var anyHealthy = false;
        foreach (var server in _servers)
        {
            anyDown |= server.Health.IsDown;
            anyHealthy |= !server.Health.IsDown;
        }

        if (!anyDown || !anyHealthy || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var now = Environment.TickCount64;
        foreach (var server in _servers)
        {
            if (server.Health.TryClaimProbe(now))
            {
                var copy = ArrayPool<byte>.Shared.Rent(UpstreamQuery.MaxBufferLength);
                query.Buffer.AsSpan(0, UpstreamQuery.PrefixLength + query.Length).CopyTo(copy);
                _ = ProbeAsync(server, new UpstreamQuery(copy, query.Length, query.QuestionEnd));
            }
        }
    }

    private async Task ProbeAsync(UpstreamServer server, UpstreamQuery query)
    {
        var answer = ArrayPool<byte>.Shared.Rent(Pipeline.QueryContext.MaxMessageSize);
        try
        {
            await server.AttemptAsync(query, answer, _timeoutMs, probe: true, _stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(answer);
            ArrayPool<byte>.Shared.Return(query.Buffer);
        }
    }
}
