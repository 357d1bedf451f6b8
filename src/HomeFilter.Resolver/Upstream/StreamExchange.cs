using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// DNS over a stream (TCP or TLS) with the two-byte length prefix of RFC 1035 §4.2.2 / RFC 7766, on pooled
/// connections. A reused connection the server has meanwhile closed is detected when the first read fails
/// before any answer byte, and the query is sent again once on a fresh connection.
/// </summary>
internal sealed class StreamExchange(ConnectionPool pool, UpstreamMonitor monitor) : IUpstreamExchange
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ExchangeAsync(UpstreamQuery query, byte[] answer, CancellationToken cancellationToken)
    {
        query.WriteLengthPrefix();
        for (var attempt = 0; ; attempt++)
        {
            var connection = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
            var stale = connection.Uses > 0 && attempt == 0;
            var receiving = false;
            try
            {
                await connection.Stream.WriteAsync(query.Framed, cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    var first = await connection.Stream.ReadAsync(answer.AsMemory(0, 2), cancellationToken).ConfigureAwait(false);
                    if (first == 0)
                    {
                        throw new EndOfStreamException("the upstream closed the connection");
                    }

                    receiving = true;
                    if (first == 1)
                    {
                        await connection.Stream.ReadExactlyAsync(answer.AsMemory(1, 1), cancellationToken).ConfigureAwait(false);
                    }

                    var length = BinaryPrimitives.ReadUInt16BigEndian(answer);
                    await connection.Stream.ReadExactlyAsync(answer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    var check = UpstreamAnswerCheck.Check(answer.AsSpan(0, length), query);
                    if (check == AnswerCheck.Match)
                    {
                        pool.Return(connection);
                        return length;
                    }

                    // Without pipelining nothing else should arrive here; skip it and keep reading.
                    monitor.Mismatch(check);
                }
            }
            catch (Exception e) when (stale && !receiving && !cancellationToken.IsCancellationRequested && IsConnectionLoss(e))
            {
                pool.Discard(connection);
            }
            catch
            {
                pool.Discard(connection);
                throw;
            }
        }
    }

    public ValueTask DisposeAsync() => pool.DisposeAsync();

    private static bool IsConnectionLoss(Exception e)
        => e is EndOfStreamException or IOException or SocketException or ObjectDisposedException;
}
