using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace UGiftMe.Redis;

/// <summary>
/// Carries verified order completions to every instance over Redis pub/sub
/// (<see cref="RedisBackplaneOptions.ChannelName"/>), so a webhook received by one instance ends the waits of all.
/// <see cref="OrderCompletionChannel.IsAvailable"/> follows the subscription's connection: when Redis goes away,
/// waits fall back to polling (a warning is logged) and the channel resubscribes by itself when Redis is back.
/// </summary>
public sealed partial class RedisOrderCompletionChannel : OrderCompletionChannel, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisChannel _channel;
    private readonly ILogger _logger;
    private volatile bool _subscribed;
    private int _subscribing;

    /// <summary>Creates a channel over a connection; it subscribes when an <see cref="OrderCompletionNotifier"/> takes it.</summary>
    /// <param name="redis">The connection; use one created with <c>BacklogPolicy.FailFast</c> so an outage fails at once.</param>
    /// <param name="options">The key prefix that names the channel; defaults when null.</param>
    /// <param name="loggerFactory">For warnings about the connection.</param>
    public RedisOrderCompletionChannel(IConnectionMultiplexer redis, RedisBackplaneOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var settings = options?.Clone() ?? new RedisBackplaneOptions();
        settings.EnsureValid();
        _redis = redis;
        _channel = RedisChannel.Literal(settings.ChannelName);
        _logger = (ILogger?)loggerFactory?.CreateLogger("UGiftMe.Redis") ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public override bool IsAvailable => _subscribed && _redis.GetSubscriber().IsConnected(_channel);

    /// <inheritdoc />
    public override async Task PublishAsync(OrderCompletionEvent completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        cancellationToken.ThrowIfCancellationRequested();
        var message = JsonSerializer.Serialize(new Message(completion.OrderRequestId, completion.Succeeded, completion.OrderId, completion.Error));
        await _redis.GetSubscriber().PublishAsync(_channel, message).ConfigureAwait(false);
    }

    /// <summary>Stops listening to connection events.</summary>
    public void Dispose()
    {
        _redis.ConnectionFailed -= OnConnectionFailed;
        _redis.ConnectionRestored -= OnConnectionRestored;
    }

    /// <inheritdoc />
    protected override void Start()
    {
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        _ = SubscribeAsync();
    }

    private async Task SubscribeAsync()
    {
        if (_subscribed || Interlocked.Exchange(ref _subscribing, 1) == 1)
        {
            return;
        }

        try
        {
            await _redis.GetSubscriber().SubscribeAsync(_channel, (_, value) => Receive(value)).ConfigureAwait(false);
            _subscribed = true;
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

    private void Receive(RedisValue value)
    {
        try
        {
            var message = JsonSerializer.Deserialize<Message>((string)value!);
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

        OnAvailabilityChanged();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "UGiftMe Redis backplane lost its {ConnectionType} connection ({FailureType}); waiting orders poll until it is back")]
    private static partial void ConnectionLost(ILogger logger, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "UGiftMe Redis backplane could not subscribe to order completions; it retries when the connection is restored")]
    private static partial void SubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "UGiftMe Redis backplane ignored a message it could not read on its order-completions channel")]
    private static partial void UnreadableMessage(ILogger logger);

    private sealed record Message(string OrderRequestId, bool Succeeded, string? OrderId, string? Error);
}
