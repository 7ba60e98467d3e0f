using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace UGiftMe.Redis;

/// <summary>
/// An <see cref="IWebhookDeduplicationStore"/> shared by every receiver on one Redis: the same delivery reaching two
/// instances at once is dispatched by exactly one of them. A claim is one atomic <c>SET key claim NX PX</c> (in a
/// script that also tells "already processed" from "in progress"); a processed delivery is remembered for
/// <see cref="RedisBackplaneOptions.Retention"/>; a released claim is deleted only by the receiver that holds it.
/// </summary>
/// <remarks>When Redis cannot be reached every method throws (fast, no queueing); the receiver then answers 503 so
/// UGiftMe retries the delivery later instead of it being dispatched twice.</remarks>
public sealed class RedisWebhookDeduplicationStore : IWebhookDeduplicationStore
{
    private const string Processed = "processed";

    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
        if redis.call('GET', KEYS[1]) == ARGV[3] then return 1 end
        return 2
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly Func<Task<IConnectionMultiplexer>> _redis;
    private readonly RedisBackplaneOptions _options;
    private readonly ConcurrentDictionary<string, string> _claims = new(StringComparer.Ordinal);

    /// <summary>Creates a store over a connection.</summary>
    /// <param name="redis">The connection; use one created with <c>BacklogPolicy.FailFast</c> so an outage fails at once.</param>
    /// <param name="options">Key prefix, claim timeout and retention; defaults when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RedisWebhookDeduplicationStore(IConnectionMultiplexer redis, RedisBackplaneOptions? options = null)
        : this(RedisBackplaneConnection.Of(redis), options)
    {
    }

    /// <summary>Over a connection that is still being made (the backplane's own, made in the background).</summary>
    internal RedisWebhookDeduplicationStore(Func<Task<IConnectionMultiplexer>> redis, RedisBackplaneOptions? options)
    {
        _redis = redis;
        _options = options?.Clone() ?? new RedisBackplaneOptions();
        _options.EnsureValid();
    }

    /// <inheritdoc />
    public async ValueTask<WebhookDeliveryClaim> TryClaimAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        var token = "claimed:" + Guid.NewGuid().ToString("N");
        var database = await DatabaseAsync().ConfigureAwait(false);
        var result = (int)await database.ScriptEvaluateAsync(
            ClaimScript,
            [Key(idempotencyKey)],
            [token, ((long)_options.ClaimTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), Processed]).ConfigureAwait(false);
        switch (result)
        {
            case 0:
                _claims[idempotencyKey] = token;
                return WebhookDeliveryClaim.Claimed;
            case 1:
                return WebhookDeliveryClaim.AlreadyProcessed;
            default:
                return WebhookDeliveryClaim.InProgress;
        }
    }

    /// <inheritdoc />
    public async ValueTask MarkProcessedAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        await (await DatabaseAsync().ConfigureAwait(false)).StringSetAsync(Key(idempotencyKey), Processed, _options.Retention).ConfigureAwait(false);
        _claims.TryRemove(idempotencyKey, out _);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (_claims.TryRemove(idempotencyKey, out var token))
        {
            await (await DatabaseAsync().ConfigureAwait(false)).ScriptEvaluateAsync(ReleaseScript, [Key(idempotencyKey)], [token]).ConfigureAwait(false);
        }
    }

    private async Task<IDatabase> DatabaseAsync() => (await _redis().ConfigureAwait(false)).GetDatabase();

    private RedisKey Key(string idempotencyKey) => _options.KeyPrefix + "webhook:" + idempotencyKey;
}
