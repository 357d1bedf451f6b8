namespace HomeFilter.Resolver.Transport;

/// <summary>
/// Counts open TCP connections, in total and per client, and decides who may connect. A client at its own
/// limit is turned away. When the total is reached, the newcomer is not: the busiest client's longest idle
/// connection is closed instead, so one client holding many idle connections cannot lock everyone else out.
/// Only the accept loop and the end of a connection take the lock; messages on an open connection never do.
/// </summary>
internal sealed class TcpConnectionTable(int maxConnections, int maxPerClient)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TcpClientKey, List<TcpConnection>> _byClient = [];
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Counts <paramref name="connection"/> in, or says why not. On <see cref="TcpAdmission.AdmittedByEviction"/>,
    /// <paramref name="evicted"/> has been taken out of the count and must be closed by the caller.
    /// </summary>
    public TcpAdmission Admit(TcpConnection connection, out TcpConnection? evicted)
    {
        evicted = null;
        lock (_lock)
        {
            _byClient.TryGetValue(connection.Client, out var own);
            if (own is not null && own.Count >= maxPerClient)
            {
                return TcpAdmission.ClientLimit;
            }

            if (_count >= maxConnections)
            {
                evicted = TakeVictim();
                if (evicted is null)
                {
                    return TcpAdmission.Full;
                }

                // The victim may have been the last of its client's list, and the newcomer's list with it.
                _byClient.TryGetValue(connection.Client, out own);
            }

            if (own is null)
            {
                own = [];
                _byClient.Add(connection.Client, own);
            }

            own.Add(connection);
            connection.Counted = true;
            _count++;
            return evicted is null ? TcpAdmission.Admitted : TcpAdmission.AdmittedByEviction;
        }
    }

    /// <summary>Takes a closed connection out of the count; nothing happens if it was not (or no longer) counted.</summary>
    public void Remove(TcpConnection connection)
    {
        lock (_lock)
        {
            RemoveLocked(connection);
        }
    }

    /// <summary>
    /// The idle connection of the client with the most connections that has been idle longest, marked evicted and
    /// uncounted; null when every connection is busy. A scan of all connections: it runs only when the table is full.
    /// </summary>
    private TcpConnection? TakeVictim()
    {
        // A connection may start a message between the scan and the claim; then look again, a few times at most.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            TcpConnection? best = null;
            var bestClientCount = 0;
            foreach (var (_, connections) in _byClient)
            {
                if (connections.Count < bestClientCount)
                {
                    continue;
                }

                foreach (var candidate in connections)
                {
                    if (!candidate.IsIdle)
                    {
                        continue;
                    }

                    if (best is null || connections.Count > bestClientCount || candidate.IdleSince < best.IdleSince)
                    {
                        best = candidate;
                        bestClientCount = connections.Count;
                    }
                }
            }

            if (best is null)
            {
                return null;
            }

            if (best.TryMarkEvicted())
            {
                RemoveLocked(best);
                return best;
            }
        }

        return null;
    }

    private void RemoveLocked(TcpConnection connection)
    {
        if (!connection.Counted)
        {
            return;
        }

        connection.Counted = false;
        _count--;
        if (_byClient.TryGetValue(connection.Client, out var connections))
        {
            connections.Remove(connection);
            if (connections.Count == 0)
            {
                _byClient.Remove(connection.Client);
            }
        }
    }
}
