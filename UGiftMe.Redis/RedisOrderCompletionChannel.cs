using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace UGiftMe.Redis;

/// <summary>
/// Carries verified order completions to every instance over Redis pub/sub
/// (<see cref="RedisBackplaneOptions.ChannelName"/>), so a webhook received by one instance ends the waits of all, and
/// shares the trust in webhooks (<see cref="WebhookTrust"/>, kept in one Redis hash), so that a fleet earns it once
/// and a loss seen on any instance revokes it on every instance.
/// <see cref="OrderCompletionChannel.IsAvailable"/> follows the subscription's connection: when Redis goes away,
/// waits fall back to polling (a warning is logged) and the channel resubscribes by itself when Redis is back.
/// </summary>
public sealed partial class RedisOrderCompletionChannel : OrderCompletionChannel, IDisposable
{
    // The trust hash: e = epoch, n = orders completed by their webhook in a row. Each change is published in the
    // same script, so every instance sees the changes in the order Redis made them.
    private const string CountScript = """
        local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
        local e = tonumber(redis.call('HGET', KEYS[1], 'e') or '0')
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('PUBLISH', ARGV[1], 'trust ' .. e .. ' ' .. n)
        return {e, n}
        """;

    private const string RevokeScript = """
        local e = tonumber(redis.call('HGET', KEYS[1], 'e') or '0')
        if e == tonumber(ARGV[3]) then
          e = redis.call('HINCRBY', KEYS[1], 'e', 1)
          redis.call('HSET', KEYS[1], 'n', 0)
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          redis.call('PUBLISH', ARGV[1], 'trust ' .. e .. ' 0')
        end
        return {e, tonumber(redis.call('HGET', KEYS[1], 'n') or '0')}
        """;

    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly RedisChannel _channel;
    private readonly RedisChannel _trustChannel;
    private readonly RedisKey _trustKey;
    private readonly string _retentionMilliseconds;
    private readonly ILogger _logger;
    private IConnectionMultiplexer? _redis;
    private volatile bool _subscribed;
    private int _subscribing;
    private int _trustMessages;

    /// <summary>Creates a channel over a connection; it subscribes when an <see cref="OrderCompletionNotifier"/> takes it.</summary>
    /// <param name="redis">The connection; use one created with <c>BacklogPolicy.FailFast</c> so an outage fails at once.</param>
    /// <param name="options">The key prefix that names the channel; defaults when null.</param>
    /// <param name="loggerFactory">For warnings about the connection.</param>
    public RedisOrderCompletionChannel(IConnectionMultiplexer redis, RedisBackplaneOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(RedisBackplaneConnection.Of(redis), options, loggerFactory)
    {
    }

    /// <summary>Over a connection that is still being made (the backplane's own, made in the background).</summary>
    internal RedisOrderCompletionChannel(Func<Task<IConnectionMultiplexer>> connect, RedisBackplaneOptions? options, ILoggerFactory? loggerFactory)
    {
        var settings = options?.Clone() ?? new RedisBackplaneOptions();
        settings.EnsureValid();
        _connect = connect;
        _channel = RedisChannel.Literal(settings.ChannelName);
        _trustChannel = RedisChannel.Literal(settings.KeyPrefix + "webhook-trust-changes");
        _trustKey = settings.KeyPrefix + "webhook-trust";
        _retentionMilliseconds = ((long)settings.Retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        _logger = (ILogger?)loggerFactory?.CreateLogger("UGiftMe.Redis") ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public override bool IsAvailable => _subscribed && _redis is { } redis && redis.GetSubscriber().IsConnected(_channel);

    /// <inheritdoc />
    public override async Task PublishAsync(OrderCompletionEvent completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        cancellationToken.ThrowIfCancellationRequested();
        var message = JsonSerializer.Serialize(new Message(completion.OrderRequestId, completion.Succeeded, completion.OrderId, completion.Error), MessageJson.Default.Message);
        await (await ConnectedAsync().ConfigureAwait(false)).GetSubscriber().PublishAsync(_channel, message).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<WebhookTrust?> CountCompletedByWebhookAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await EvaluateTrustAsync(CountScript, epoch: null).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<WebhookTrust?> RevokeTrustAsync(long epoch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await EvaluateTrustAsync(RevokeScript, epoch).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task PublishPolledFirstAsync(string orderRequestId, long epoch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderRequestId);
        cancellationToken.ThrowIfCancellationRequested();
        var message = FormattableString.Invariant($"polled {epoch} {orderRequestId}");
        await (await ConnectedAsync().ConfigureAwait(false)).GetSubscriber().PublishAsync(_trustChannel, message).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task PublishQueuedAsync(string orderRequestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderRequestId);
        cancellationToken.ThrowIfCancellationRequested();
        await (await ConnectedAsync().ConfigureAwait(false)).GetSubscriber().PublishAsync(_trustChannel, "queued " + orderRequestId).ConfigureAwait(false);
    }

    /// <summary>Stops listening to connection events.</summary>
    public void Dispose()
    {
        if (_redis is { } redis)
        {
            redis.ConnectionFailed -= OnConnectionFailed;
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    /// <inheritdoc />
    protected override void Start() => _ = StartAsync();

    private async Task StartAsync()
    {
        IConnectionMultiplexer redis;
        try
        {
            redis = await ConnectedAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException or ArgumentException)
        {
            SubscribeFailed(_logger, e);
            return;
        }

        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        await SubscribeAsync().ConfigureAwait(false);
    }

    private async Task<IConnectionMultiplexer> ConnectedAsync() => _redis ??= await _connect().ConfigureAwait(false);

    private async Task<WebhookTrust> EvaluateTrustAsync(string script, long? epoch)
    {
        var redis = await ConnectedAsync().ConfigureAwait(false);
        RedisValue[] arguments = epoch is { } e
            ? [_trustChannel.ToString(), _retentionMilliseconds, e]
            : [_trustChannel.ToString(), _retentionMilliseconds];
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(script, [_trustKey], arguments).ConfigureAwait(false))!;
        return Trust((long)result[0], (long)result[1]);
    }

    private async Task SubscribeAsync()
    {
        if (_subscribed || Interlocked.Exchange(ref _subscribing, 1) == 1)
        {
            return;
        }

        try
        {
            var subscriber = (await ConnectedAsync().ConfigureAwait(false)).GetSubscriber();
            await subscriber.SubscribeAsync(_channel, (_, value) => Receive(value)).ConfigureAwait(false);
            await subscriber.SubscribeAsync(_trustChannel, (_, value) => ReceiveTrust(value)).ConfigureAwait(false);
            try
            {
                await ReadTrustAsync().ConfigureAwait(false);
            }
            finally
            {
                // Available once the fleet's trust is known (or could not be read): not before, with the trust of no one.
                _subscribed = true;
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            SubscribeFailed(_logger, e);
        }
        finally
        {
            Volatile.Write(ref _subscribing, 0);
        }

        OnAvailabilityChanged();
    }

    /// <summary>
    /// The fleet's trust as Redis holds it: at start-up, an instance joins a fleet that has earned it already. It replaces
    /// what the instance knew (Redis may have lost the hash) unless a change was published while the read was on its way:
    /// the read may be older than that change, so then it only counts where it is later.
    /// </summary>
    private async Task ReadTrustAsync()
    {
        var published = Volatile.Read(ref _trustMessages);
        var values = await (await ConnectedAsync().ConfigureAwait(false)).GetDatabase().HashGetAsync(_trustKey, ["e", "n"]).ConfigureAwait(false);
        OnTrustReceived(Trust(values[0].IsNull ? 0 : (long)values[0], values[1].IsNull ? 0 : (long)values[1]), replace: Volatile.Read(ref _trustMessages) == published);
    }

    private void Receive(RedisValue value)
    {
        try
        {
            var message = JsonSerializer.Deserialize((string)value!, MessageJson.Default.Message);
            if (message is { OrderRequestId.Length: > 0 })
            {
                OnReceived(new OrderCompletionEvent(message.OrderRequestId, message.Succeeded, message.OrderId, message.Error));
                return;
            }
        }
        catch (JsonException)
        {
        }

        UnreadableMessage(_logger);
    }

    private void ReceiveTrust(RedisValue value)
    {
        var parts = ((string?)value ?? string.Empty).Split(' ', 3);
        switch (parts)
        {
            case ["trust", var epoch, var count] when long.TryParse(epoch, CultureInfo.InvariantCulture, out var e) && long.TryParse(count, CultureInfo.InvariantCulture, out var n):
                Interlocked.Increment(ref _trustMessages);
                OnTrustReceived(Trust(e, n));
                return;
            case ["polled", var epoch, { Length: > 0 } orderRequestId] when long.TryParse(epoch, CultureInfo.InvariantCulture, out var e):
                OnPolledFirstReceived(orderRequestId, e);
                return;
            case ["queued", { Length: > 0 } orderRequestId]:
                OnQueuedReceived(orderRequestId);
                return;
            default:
                UnreadableMessage(_logger);
                return;
        }
    }

    private static WebhookTrust Trust(long epoch, long count) => new(epoch, (int)Math.Clamp(count, 0, int.MaxValue));

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        ConnectionLost(_logger, e.ConnectionType, e.FailureType);
        OnAvailabilityChanged();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (!_subscribed)
        {
            _ = SubscribeAsync();
        }
        else if (e.ConnectionType == ConnectionType.Subscription)
        {
            _ = ReadTrustAfterOutageAsync();
        }

        OnAvailabilityChanged();
    }

    private async Task ReadTrustAfterOutageAsync()
    {
        try
        {
            await ReadTrustAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            SubscribeFailed(_logger, e);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "UGiftMe Redis backplane lost its {ConnectionType} connection ({FailureType}); waiting orders poll until it is back")]
    private static partial void ConnectionLost(ILogger logger, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "UGiftMe Redis backplane could not subscribe to order completions; it retries when the connection is restored")]
    private static partial void SubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "UGiftMe Redis backplane ignored a message it could not read on its order-completions channel")]
    private static partial void UnreadableMessage(ILogger logger);

    // On the wire as {"OrderRequestId":"...","Succeeded":true,"OrderId":"...","Error":null}, what every version has sent:
    // the serializer's defaults, with the code generated at build instead of reflection, so trimming keeps what it needs.
    private sealed record Message(string OrderRequestId, bool Succeeded, string? OrderId, string? Error);

    [JsonSerializable(typeof(Message))]
    private sealed partial class MessageJson : JsonSerializerContext;
}
