namespace HomeFilter.Resolver.Upstream;

/// <summary>Opens a new connection to an upstream, ready for length-prefixed DNS messages.</summary>
internal interface IStreamConnector
{
    ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken);
}
