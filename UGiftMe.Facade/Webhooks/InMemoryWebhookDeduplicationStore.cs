using System.Globalization;

namespace UGiftMe;

/// <summary>
/// An <see cref="IWebhookDeduplicationStore"/> held in this process's memory: right for a single server. A delivery is
/// processed at most once per this store's memory: processed keys are forgotten after the retention period, and a
/// restart forgets them all. Use a shared store when several servers receive the same webhooks. Claim expiry and
/// retention are measured on the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>), so a wall clock that is
/// stepped changes neither.
/// </summary>
public sealed class InMemoryWebhookDeduplicationStore : IWebhookDeduplicationStore
{
    /// <summary>The default retention: 24 hours, well beyond UGiftMe's retry window of about 5.5 hours.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(24);

    /// <summary>
    /// The default claim timeout: 1 minute. A claim that is neither renewed, marked processed nor released for this
    /// long (its process died) expires, and a retry can claim the delivery, so it is not blocked forever.
    /// </summary>
    public static readonly TimeSpan DefaultClaimTimeout = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeSpan _retention;
    private readonly TimeSpan _claimTimeout;
    private readonly TimeProvider _timeProvider;
    private long _lastSweep;
    private long _claims;

    /// <summary>Creates a store.</summary>
    /// <param name="retention">How long a processed key is remembered; defaults to <see cref="DefaultRetention"/>.</param>
    /// <param name="timeProvider">The clock; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="claimTimeout">How long a claim holds without being renewed; defaults to <see cref="DefaultClaimTimeout"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> or <paramref name="claimTimeout"/> is not positive.</exception>
    public InMemoryWebhookDeduplicationStore(TimeSpan? retention = null, TimeProvider? timeProvider = null, TimeSpan? claimTimeout = null)
    {
        _retention = retention ?? DefaultRetention;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_retention, TimeSpan.Zero, nameof(retention));
        _claimTimeout = claimTimeout ?? DefaultClaimTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_claimTimeout, TimeSpan.Zero, nameof(claimTimeout));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _lastSweep = _timeProvider.GetTimestamp();
    }

    /// <inheritdoc />
    public TimeSpan ClaimTimeout => _claimTimeout;

    /// <summary>The number of keys held (claimed or processed and not yet swept); for tests, read without the lock.</summary>
    internal int Count => _entries.Count;

    /// <inheritdoc />
    public ValueTask<WebhookDeliveryClaim> TryClaimAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var now = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            SweepIfDue(now);
            if (_entries.TryGetValue(idempotencyKey, out var entry) && !Expired(entry, now))
            {
                return ValueTask.FromResult(entry.Token is null
                    ? WebhookDeliveryClaim.AlreadyProcessed(idempotencyKey)
                    : WebhookDeliveryClaim.InProgress(idempotencyKey));
            }

            // Unique per claim of this store, which is all a token is compared with.
            var token = (++_claims).ToString(CultureInfo.InvariantCulture);
            _entries[idempotencyKey] = new Entry(token, now, _claimTimeout);
            return ValueTask.FromResult(WebhookDeliveryClaim.Claimed(idempotencyKey, token));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(IfHeld(claim, static (store, key, entry, now) => store._entries[key] = entry with { Since = now }));

    /// <inheritdoc />
    public ValueTask<bool> MarkProcessedAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(IfHeld(claim, static (store, key, _, now) => store._entries[key] = new Entry(Token: null, now, store._retention)));

    /// <inheritdoc />
    public ValueTask<bool> ReleaseAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(IfHeld(claim, static (store, key, _, _) => store._entries.Remove(key)));

    /// <summary>Runs <paramref name="change"/> only while <paramref name="claim"/>'s token holds its delivery.</summary>
    private bool IfHeld(WebhookDeliveryClaim claim, Action<InMemoryWebhookDeduplicationStore, string, Entry, long> change)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var token = claim.RequireToken();
        var now = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            if (_entries.TryGetValue(claim.IdempotencyKey, out var entry) && entry.Token == token && !Expired(entry, now))
            {
                change(this, claim.IdempotencyKey, entry, now);
                return true;
            }

            return false;
        }
    }

    private bool Expired(Entry entry, long now) => _timeProvider.GetElapsedTime(entry.Since, now) >= entry.Lifetime;

    private void SweepIfDue(long now)
    {
        if (_timeProvider.GetElapsedTime(_lastSweep, now) < SweepInterval)
        {
            return;
        }

        _lastSweep = now;
        // Removed after the walk: .NET Framework's Dictionary (under the netstandard2.0 build) throws on a removal while
        // it is enumerated, which later runtimes allow.
        List<string>? expired = null;
        foreach (var (key, entry) in _entries)
        {
            if (Expired(entry, now))
            {
                (expired ??= []).Add(key);
            }
        }

        foreach (var key in expired ?? [])
        {
            _entries.Remove(key);
        }
    }

    /// <summary>
    /// A claim held by <see cref="Token"/> (until <see cref="Lifetime"/> after it was taken or last renewed), or a
    /// processed delivery (<see cref="Token"/> null, until <see cref="Lifetime"/> after it was recorded).
    /// </summary>
    private readonly record struct Entry(string? Token, long Since, TimeSpan Lifetime);
}
