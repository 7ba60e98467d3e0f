namespace UGiftMe;

/// <summary>
/// Values kept by key for a fixed time, at most <paramref name="capacity"/> of them (the oldest go first). Swept on
/// each add, so its cost is the number of entries that expired. Time is measured on <paramref name="time"/>'s monotonic
/// clock (<see cref="TimeProvider.GetTimestamp"/>), so stepping the wall clock neither keeps nor drops anything. Not
/// thread-safe: the notifier holds its lock.
/// </summary>
internal sealed class ExpiringMemory<TValue>(TimeSpan retention, int capacity, TimeProvider time)
{
    private readonly Dictionary<string, (TValue Value, long AddedAt)> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long AddedAt)> _order = new();

    public int Count => _entries.Count;

    /// <param name="key">The key.</param>
    /// <param name="value">The value kept for <c>retention</c> from <paramref name="now"/>.</param>
    /// <param name="now">A <see cref="TimeProvider.GetTimestamp"/> of the same clock.</param>
    public void Add(string key, TValue value, long now)
    {
        _entries[key] = (value, now);
        _order.Enqueue((key, now));
        while (_order.TryPeek(out var oldest) && (Expired(oldest.AddedAt, now) || _entries.Count > capacity))
        {
            _order.Dequeue();
            if (_entries.TryGetValue(oldest.Key, out var kept) && kept.AddedAt == oldest.AddedAt)
            {
                _entries.Remove(oldest.Key);
            }
        }
    }

    /// <param name="key">The key.</param>
    /// <param name="now">A <see cref="TimeProvider.GetTimestamp"/> of the same clock.</param>
    /// <param name="value">The value, when kept and not expired.</param>
    public bool TryGet(string key, long now, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && !Expired(entry.AddedAt, now))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    private bool Expired(long addedAt, long now) => time.GetElapsedTime(addedAt, now) >= retention;
}
