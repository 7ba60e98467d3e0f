using StackExchange.Redis;

namespace UGiftMe.Redis;

/// <summary>
/// The backplane's own connection, so it never shares (or disposes) one the application registered. It connects in
/// the background on first use: resolving the backplane's services never waits for Redis, even while Redis is down.
/// </summary>
internal sealed class RedisBackplaneConnection(ConfigurationOptions configuration) : IDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer = new(() => Task.Run(() => ConnectionMultiplexer.ConnectAsync(configuration)));

    /// <summary>The connection once its first attempt ended (connected, or retrying in the background: <c>AbortOnConnectFail=false</c>).</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync() => await _multiplexer.Value.ConfigureAwait(false);

    /// <summary>A connection made elsewhere, in the shape the store and the channel take.</summary>
    public static Func<Task<IConnectionMultiplexer>> Of(IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var connected = Task.FromResult(redis);
        return () => connected;
    }

    public void Dispose()
    {
        if (!_multiplexer.IsValueCreated)
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
