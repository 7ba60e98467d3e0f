using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace UGiftMe.Redis;

/// <summary>
/// An <see cref="IWebhookDeduplicationStore"/> shared by every receiver on one Redis: the same delivery reaching two
/// instances at once is dispatched by exactly one of them. A claim is one atomic <c>SET key token NX PX</c> (in a
/// script that also tells "already processed" from "in progress") with a token unique to the claim; renewing, marking
/// processed and releasing are scripts that compare that token and act in one step, so only the holder changes its
/// claim. A processed delivery is remembered for <see cref="RedisBackplaneOptions.Retention"/>.
/// </summary>
/// <remarks>
/// <para>A delivery is processed at most once per this Redis's memory. Redis keeps its data in memory: without
/// persistence (neither AOF nor RDB snapshots), a restart forgets every claim and processed delivery, and a retry of a
/// delivery handled before the restart is processed again. With <c>appendonly yes</c> (AOF, <c>appendfsync everysec</c>)
/// a restart loses at most the last second of them; RDB snapshots alone lose everything since the last snapshot. The
/// store checks once, on its first claim, and logs a warning when Redis reports no persistence.</para>
/// <para>When Redis cannot be reached every method throws (fast, no queueing); the receiver then answers 503 so
/// UGiftMe retries the delivery later instead of it being dispatched twice.</para>
/// </remarks>
public sealed partial class RedisWebhookDeduplicationStore : IWebhookDeduplicationStore
{
    private const string Processed = "processed";

    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
        if redis.call('GET', KEYS[1]) == ARGV[3] then return 1 end
        return 2
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string MarkProcessedScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly Func<Task<IConnectionMultiplexer>> _redis;
    private readonly RedisBackplaneOptions _options;
    private readonly ILogger _logger;
    private int _persistenceChecked;

    /// <summary>Creates a store over a connection.</summary>
    /// <param name="redis">The connection; use one created with <c>BacklogPolicy.FailFast</c> so an outage fails at once.</param>
    /// <param name="options">Key prefix, claim timeout and retention; defaults when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RedisWebhookDeduplicationStore(IConnectionMultiplexer redis, RedisBackplaneOptions? options = null)
        : this(RedisBackplaneConnection.Of(redis), options, null)
    {
    }

    /// <summary>Creates a store over a connection, logging a warning once when Redis reports no persistence.</summary>
    /// <param name="redis">The connection; use one created with <c>BacklogPolicy.FailFast</c> so an outage fails at once,
    /// and <c>allowAdmin=true</c> so the store can read the RDB snapshot settings (<c>CONFIG GET save</c>).</param>
    /// <param name="options">Key prefix, claim timeout and retention; defaults when null.</param>
    /// <param name="loggerFactory">For the warning about persistence; none when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RedisWebhookDeduplicationStore(IConnectionMultiplexer redis, RedisBackplaneOptions? options, ILoggerFactory? loggerFactory)
        : this(RedisBackplaneConnection.Of(redis), options, loggerFactory)
    {
    }

    /// <summary>Over a connection that is still being made (the backplane's own, made in the background).</summary>
    internal RedisWebhookDeduplicationStore(Func<Task<IConnectionMultiplexer>> redis, RedisBackplaneOptions? options, ILoggerFactory? loggerFactory)
    {
        _redis = redis;
        _options = options?.Clone() ?? new RedisBackplaneOptions();
        _options.EnsureValid();
        _logger = (ILogger?)loggerFactory?.CreateLogger("UGiftMe.Redis.Deduplication") ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public TimeSpan ClaimTimeout => _options.ClaimTimeout;

    /// <inheritdoc />
    public async ValueTask<WebhookDeliveryClaim> TryClaimAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        var token = "claimed:" + Guid.NewGuid().ToString("N");
        var redis = await _redis().ConfigureAwait(false);
        var result = (int)await redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript,
            [Key(idempotencyKey)],
            [token, Milliseconds(_options.ClaimTimeout), Processed]).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _persistenceChecked, 1) == 0)
        {
            await CheckPersistenceAsync(redis).ConfigureAwait(false);
        }

        return result switch
        {
            0 => WebhookDeliveryClaim.Claimed(idempotencyKey, token),
            1 => WebhookDeliveryClaim.AlreadyProcessed(idempotencyKey),
            _ => WebhookDeliveryClaim.InProgress(idempotencyKey),
        };
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
        IfHeldAsync(claim, RenewScript, Milliseconds(_options.ClaimTimeout));

    /// <inheritdoc />
    public ValueTask<bool> MarkProcessedAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
        IfHeldAsync(claim, MarkProcessedScript, Processed, Milliseconds(_options.Retention));

    /// <inheritdoc />
    public ValueTask<bool> ReleaseAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
        IfHeldAsync(claim, ReleaseScript);

    /// <summary>
    /// Whether Redis keeps its data across a restart, from <c>INFO persistence</c> (<c>aof_enabled</c>) and
    /// <c>CONFIG GET save</c> (RDB snapshots): both off, and a restart forgets every processed delivery.
    /// </summary>
    internal static async Task<bool?> IsPersistentAsync(IConnectionMultiplexer redis)
    {
        var server = redis.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica);
        if (server is null)
        {
            return null;
        }

        var persistence = (await server.InfoAsync("persistence").ConfigureAwait(false)).SelectMany(section => section);
        if (persistence.FirstOrDefault(p => p.Key == "aof_enabled").Value is "1")
        {
            return true;
        }

        var save = (await server.ConfigGetAsync("save").ConfigureAwait(false)).FirstOrDefault(p => p.Key == "save").Value;
        return !string.IsNullOrWhiteSpace(save);
    }

    private static string Milliseconds(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private async ValueTask<bool> IfHeldAsync(WebhookDeliveryClaim claim, string script, params RedisValue[] arguments)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (!claim.IsClaimed || claim.Token is not { } token)
        {
            throw new ArgumentException($"Only a granted claim can be renewed, marked processed or released; this one is {claim.Status}.", nameof(claim));
        }

        var database = (await _redis().ConfigureAwait(false)).GetDatabase();
        var result = await database.ScriptEvaluateAsync(script, [Key(claim.IdempotencyKey)], [token, .. arguments]).ConfigureAwait(false);
        return (long)result == 1;
    }

    private async Task CheckPersistenceAsync(IConnectionMultiplexer redis)
    {
        try
        {
            if (await IsPersistentAsync(redis).ConfigureAwait(false) is false)
            {
                NoPersistence(_logger);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A connection without admin commands (INFO, CONFIG), a managed Redis that refuses CONFIG: not knowing is
            // not a warning, and never fails the claim.
            PersistenceUnknown(_logger, e.Message);
        }
    }

    private RedisKey Key(string idempotencyKey) => _options.KeyPrefix + "webhook:" + idempotencyKey;

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning,
        Message = "The Redis that de-duplicates UGiftMe webhooks reports no persistence (aof_enabled:0 and no RDB save points): " +
            "a Redis restart forgets which deliveries were handled, and a retry of one handled before it runs again. " +
            "Turn on appendonly (AOF) to keep them across restarts.")]
    private static partial void NoPersistence(ILogger logger);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information,
        Message = "Could not tell whether the Redis that de-duplicates UGiftMe webhooks persists its data ({Problem}); without persistence a restart forgets handled deliveries.")]
    private static partial void PersistenceUnknown(ILogger logger, string problem);
}
