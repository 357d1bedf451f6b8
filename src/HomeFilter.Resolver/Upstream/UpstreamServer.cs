using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// One configured upstream: how to reach it (its exchanges), and its health. An attempt sends the query with a
/// fresh ID, falls back to TCP when a UDP answer is truncated, and records the result in the health view,
/// the metrics and the log.
/// </summary>
internal sealed class UpstreamServer : IAsyncDisposable
{
    private readonly IUpstreamExchange _exchange;
    private readonly IUpstreamExchange? _tcpFallback;
    private readonly UpstreamMonitor _monitor;
    private readonly ILogger _logger;
    private readonly int _failuresBeforeDown;

    public UpstreamServer(int index, UpstreamAddress address, UpstreamOptions options, UpstreamCertificateValidator validator, ILogger logger)
    {
        Index = index;
        Address = address;
        _logger = logger;
        _failuresBeforeDown = options.UpstreamFailuresBeforeDown;
        Health = new UpstreamHealthTracker(options.UpstreamFailuresBeforeDown, options.UpstreamRetryBackoffMs, options.UpstreamMaxRetryBackoffMs);
        _monitor = new UpstreamMonitor(address, Health, logger);
        switch (address.Protocol)
        {
            case UpstreamProtocol.Udp:
                _exchange = new UdpExchange(address.EndPoint!, _monitor);
                _tcpFallback = new StreamExchange(Pool(new TcpConnector(address), options), _monitor);
                break;
            case UpstreamProtocol.Tcp:
                _exchange = new StreamExchange(Pool(new TcpConnector(address), options), _monitor);
                break;
            case UpstreamProtocol.Tls:
                _exchange = new StreamExchange(Pool(new TlsConnector(address, validator), options), _monitor);
                break;
            default:
                _exchange = new HttpsExchange(address, validator, options, _monitor);
                break;
        }
    }

    /// <summary>Position in the configuration (the order of <see cref="UpstreamSelection.Ordered"/>).</summary>
    public int Index { get; }

    public UpstreamAddress Address { get; }

    public UpstreamHealthTracker Health { get; }

    /// <summary>
    /// One attempt within <paramref name="timeoutMs"/>. The answer (also an error answer) is left in
    /// <paramref name="answer"/> and its length returned in the result. Never throws.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(AttemptStatus Status, int Length)> AttemptAsync(
        UpstreamQuery query, byte[] answer, int timeoutMs, bool probe, CancellationToken aborted)
    {
        var started = Stopwatch.GetTimestamp();
        var timeout = TimeoutSources.Rent(timeoutMs);
        var registration = aborted.CanBeCanceled
            ? aborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout)
            : default;
        try
        {
            query.SetId(Address.Protocol == UpstreamProtocol.Https ? (ushort)0 : QueryIdGenerator.Next());
            UpstreamMetrics.Queries.Add(1, _monitor.Tag);
            var length = await _exchange.ExchangeAsync(query, answer, timeout.Token).ConfigureAwait(false);
            if (_tcpFallback is not null && UpstreamAnswerCheck.IsTruncated(answer.AsSpan(0, length)))
            {
                // The answer did not fit 1232 bytes: the same upstream over TCP, within what is left of this attempt.
                UpstreamMetrics.Truncated.Add(1, _monitor.Tag);
                UpstreamLog.Truncated(_logger, Address.Text);
                query.SetId(QueryIdGenerator.Next());
                UpstreamMetrics.Queries.Add(1, _monitor.Tag);
                length = await _tcpFallback.ExchangeAsync(query, answer, timeout.Token).ConfigureAwait(false);
            }

            return (Judge(answer.AsSpan(0, length), Stopwatch.GetElapsedTime(started)), length);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            if (probe)
            {
                Health.ReleaseProbe();
            }

            return (AttemptStatus.Aborted, 0);
        }
        catch (OperationCanceledException)
        {
            UpstreamMetrics.Timeouts.Add(1, _monitor.Tag);
            UpstreamLog.TimedOut(_logger, Address.Text, timeoutMs);
            RecordFailure(timedOut: true, timeoutMs, "no answer within the timeout", probe);
            return (AttemptStatus.TimedOut, 0);
        }
        catch (Exception e)
        {
            var error = Describe(e);
            UpstreamMetrics.Failures.Add(1, _monitor.Tag);
            UpstreamLog.Failed(_logger, Address.Text, error);
            RecordFailure(timedOut: false, 0, error, probe);
            return (AttemptStatus.Failed, 0);
        }
        finally
        {
            registration.Dispose();
            TimeoutSources.Return(timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _exchange.DisposeAsync().ConfigureAwait(false);
        if (_tcpFallback is not null)
        {
            await _tcpFallback.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Any answer that passed the answer check (ours, well-formed) shows the upstream is alive, whatever its rcode:
    /// only timeouts, network errors and unusable answers count against it. SERVFAIL and REFUSED still send the
    /// query on to the next upstream (<see cref="UpstreamAnswerCheck.AsksForAnotherUpstream"/>).
    /// </summary>
    private AttemptStatus Judge(ReadOnlySpan<byte> answer, TimeSpan elapsed)
    {
        UpstreamMetrics.Duration.Record(elapsed.TotalSeconds, _monitor.Tag);
        if (Health.RecordSuccess(elapsed.TotalMilliseconds) == HealthTransition.CameBack)
        {
            UpstreamLog.CameBack(_logger, Address.Text);
        }

        var rcode = UpstreamAnswerCheck.ResponseCode(answer);
        if (UpstreamAnswerCheck.AsksForAnotherUpstream(rcode))
        {
            UpstreamLog.ErrorAnswer(_logger, Address.Text, rcode);
            return AttemptStatus.ErrorAnswer;
        }

        return AttemptStatus.Answered;
    }

    private void RecordFailure(bool timedOut, double timeoutMs, string error, bool probe)
    {
        switch (Health.RecordFailure(timedOut, timeoutMs, error, probe, Environment.TickCount64))
        {
            case HealthTransition.WentDown:
                UpstreamLog.WentDown(_logger, Address.Text, _failuresBeforeDown, error, Health.BackoffMs);
                break;
            case HealthTransition.ProbeFailed:
                UpstreamLog.ProbeFailed(_logger, Address.Text, error, Health.BackoffMs);
                break;
        }
    }

    private static string Describe(Exception e) => e switch
    {
        SocketException socket => "network error: " + socket.SocketErrorCode,
        EndOfStreamException => "connection closed by the upstream",
        IOException { InnerException: SocketException socket } => "network error: " + socket.SocketErrorCode,
        _ => e.Message,
    };

    private static ConnectionPool Pool(IStreamConnector connector, UpstreamOptions options)
        => new(connector, options.UpstreamMaxConnections, options.UpstreamIdleConnections, options.UpstreamConnectionIdleTimeoutMs);
}
