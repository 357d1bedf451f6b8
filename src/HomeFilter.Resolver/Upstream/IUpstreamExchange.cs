namespace HomeFilter.Resolver.Upstream;

/// <summary>One way of putting a query to an upstream and getting its answer back.</summary>
internal interface IUpstreamExchange : IAsyncDisposable
{
    /// <summary>
    /// Sends <paramref name="query"/> and waits for the message that answers it (others are reported to the
    /// monitor and ignored), writing it to <paramref name="answer"/>; returns its length. Throws on network,
    /// TLS or protocol errors, and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    ValueTask<int> ExchangeAsync(UpstreamQuery query, byte[] answer, CancellationToken cancellationToken);
}
