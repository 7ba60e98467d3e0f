namespace UGiftMe;

/// <summary>
/// Values kept by key for a fixed time, at most <paramref name="capacity"/> of them (the oldest go first). Swept on
/// each add, so its cost is the number of entries that expired. Not thread-safe: the notifier holds its lock.
/// </summary>
internal sealed class ExpiringMemory<TValue>(TimeSpan retention, int capacity)
{
    private readonly Dictionary<string, (TValue Value, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset ExpiresAt)> _order = new();

    public int Count => _entries.Count;

    public void Add(string key, TValue value, DateTimeOffset now)
    {
        var expiresAt = now + retention;
        _entries[key] = (value, expiresAt);
        _order.Enqueue((key, expiresAt));
        while (_order.TryPeek(out var oldest) && (oldest.ExpiresAt <= now || _entries.Count > capacity))
        {
            _order.Dequeue();
            if (_entries.TryGetValue(oldest.Key, out var kept) && kept.ExpiresAt == oldest.ExpiresAt)
            {
                _entries.Remove(oldest.Key);
            }
        }
    }

    public bool TryGet(string key, DateTimeOffset now, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }
}
