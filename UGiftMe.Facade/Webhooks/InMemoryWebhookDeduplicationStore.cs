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

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTimeOffset?> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeSpan _retention;
    private readonly TimeProvider _timeProvider;
    private DateTimeOffset _nextSweep;

    /// <summary>Creates a store.</summary>
    /// <param name="retention">How long a processed key is remembered; defaults to <see cref="DefaultRetention"/>.</param>
    /// <param name="timeProvider">The clock; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is not positive.</exception>
    public InMemoryWebhookDeduplicationStore(TimeSpan? retention = null, TimeProvider? timeProvider = null)
    {
        _retention = retention ?? DefaultRetention;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_retention, TimeSpan.Zero, nameof(retention));
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
            if (_entries.TryGetValue(idempotencyKey, out var expiresAt))
            {
                if (expiresAt is null)
                {
                    return ValueTask.FromResult(WebhookDeliveryClaim.InProgress);
                }

                if (expiresAt > now)
                {
                    return ValueTask.FromResult(WebhookDeliveryClaim.AlreadyProcessed);
                }
            }

            // null marks a claim in progress; it has no expiry because this process releases or completes it.
            _entries[idempotencyKey] = null;
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
            _entries[idempotencyKey] = expiresAt;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        lock (_lock)
        {
            if (_entries.TryGetValue(idempotencyKey, out var expiresAt) && expiresAt is null)
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
        foreach (var (key, expiresAt) in _entries)
        {
            if (expiresAt <= now)
            {
                _entries.Remove(key);
            }
        }
    }
}
