namespace UGiftMe;

/// <summary>
/// An <see cref="IWebhookDeduplicationStore"/> held in this process's memory: right for a single server. Processed
/// keys are forgotten after the retention period; a restart forgets them all. Use a shared store when several
/// servers receive the same webhooks.
/// </summary>
public sealed class InMemoryWebhookDeduplicationStore : IWebhookDeduplicationStore
{
    /// <summary>The default retention: 24 hours, well beyond UGiftMe's retry window of about 5.5 hours.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(24);

    /// <summary>
    /// The default claim timeout: 1 minute. A delivery claimed longer ago and neither marked processed nor released
    /// (its handler hangs, or the process died) can be claimed again, so it is not blocked forever.
    /// </summary>
    public static readonly TimeSpan DefaultClaimTimeout = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeSpan _retention;
    private readonly TimeSpan _claimTimeout;
    private readonly TimeProvider _timeProvider;
    private DateTimeOffset _nextSweep;

    /// <summary>Creates a store.</summary>
    /// <param name="retention">How long a processed key is remembered; defaults to <see cref="DefaultRetention"/>.</param>
    /// <param name="timeProvider">The clock; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="claimTimeout">How long a claim blocks retries; defaults to <see cref="DefaultClaimTimeout"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> or <paramref name="claimTimeout"/> is not positive.</exception>
    public InMemoryWebhookDeduplicationStore(TimeSpan? retention = null, TimeProvider? timeProvider = null, TimeSpan? claimTimeout = null)
    {
        _retention = retention ?? DefaultRetention;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_retention, TimeSpan.Zero, nameof(retention));
        _claimTimeout = claimTimeout ?? DefaultClaimTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_claimTimeout, TimeSpan.Zero, nameof(claimTimeout));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _nextSweep = _timeProvider.GetUtcNow() + SweepInterval;
    }

    /// <summary>The number of keys held (claimed or processed and not yet expired).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<WebhookDeliveryClaim> TryClaimAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            SweepIfDue(now);
            if (_entries.TryGetValue(idempotencyKey, out var entry) && entry.ExpiresAt > now)
            {
                return ValueTask.FromResult(entry.Processed ? WebhookDeliveryClaim.AlreadyProcessed : WebhookDeliveryClaim.InProgress);
            }

            _entries[idempotencyKey] = new Entry(Processed: false, now + _claimTimeout);
            return ValueTask.FromResult(WebhookDeliveryClaim.Claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask MarkProcessedAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var expiresAt = _timeProvider.GetUtcNow() + _retention;
        lock (_lock)
        {
            _entries[idempotencyKey] = new Entry(Processed: true, expiresAt);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        lock (_lock)
        {
            if (_entries.TryGetValue(idempotencyKey, out var entry) && !entry.Processed)
            {
                _entries.Remove(idempotencyKey);
            }
        }

        return ValueTask.CompletedTask;
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + SweepInterval;
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.Remove(key);
            }
        }
    }

    /// <summary>A claim in progress (until its timeout) or a processed delivery (until its retention ends).</summary>
    private readonly record struct Entry(bool Processed, DateTimeOffset ExpiresAt);
}
