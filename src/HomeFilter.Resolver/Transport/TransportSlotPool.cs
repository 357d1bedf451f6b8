using System.Collections.Concurrent;

namespace HomeFilter.Resolver.Transport;

/// <summary>Keeps idle slots so a busy server reuses buffers instead of allocating per query.</summary>
internal sealed class TransportSlotPool(int receiveSize, int outputSize, int maxIdle)
{
    private readonly ConcurrentQueue<TransportSlot> _idle = new();
    private int _idleCount;

    public TransportSlot Rent()
    {
        if (_idle.TryDequeue(out var slot))
        {
            Interlocked.Decrement(ref _idleCount);
            return slot;
        }

        return new TransportSlot(receiveSize, outputSize);
    }

    public void Return(TransportSlot slot)
    {
        slot.Context.Reset();
        if (Interlocked.Increment(ref _idleCount) <= maxIdle)
        {
            _idle.Enqueue(slot);
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
        }
    }
}
