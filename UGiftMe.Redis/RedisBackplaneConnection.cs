using StackExchange.Redis;

namespace UGiftMe.Redis;

/// <summary>
/// The backplane's connection: its own, made from a connection string in the background on first use (resolving the
/// backplane's services never waits for Redis, even while Redis is down) and disposed with the container; or the
/// application's, which the backplane uses and never disposes.
/// </summary>
internal sealed class RedisBackplaneConnection : IDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _multiplexer;
    private readonly bool _owned;

    /// <summary>The backplane's own connection, made from <paramref name="configuration"/>.</summary>
    public RedisBackplaneConnection(ConfigurationOptions configuration)
    {
        _multiplexer = new(() => Task.Run(async () => (IConnectionMultiplexer)await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false)));
        _owned = true;
    }

    /// <summary>The application's connection, borrowed: disposing this leaves it open.</summary>
    public RedisBackplaneConnection(IConnectionMultiplexer borrowed)
    {
        ArgumentNullException.ThrowIfNull(borrowed);
        var connected = Task.FromResult(borrowed);
        _multiplexer = new(() => connected);
    }

    /// <summary>The connection once its first attempt ended (connected, or retrying in the background: <c>AbortOnConnectFail=false</c>).</summary>
    public Task<IConnectionMultiplexer> ConnectAsync() => _multiplexer.Value;

    /// <summary>A connection made elsewhere, in the shape the store and the channel take.</summary>
    public static Func<Task<IConnectionMultiplexer>> Of(IConnectionMultiplexer redis) => new RedisBackplaneConnection(redis).ConnectAsync;

    public void Dispose()
    {
        if (!_owned || !_multiplexer.IsValueCreated)
        {
            return;
        }

        // Never wait for a first attempt still under way: dispose the connection when it ends.
        _ = _multiplexer.Value.ContinueWith(
            connecting =>
            {
                if (connecting.Status == TaskStatus.RanToCompletion)
                {
                    connecting.Result.Dispose();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
