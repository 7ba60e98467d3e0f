using StackExchange.Redis;

namespace UGiftMe.Redis;

/// <summary>The backplane's own connection, so it never shares (or disposes) one the application registered.</summary>
internal sealed class RedisBackplaneConnection(ConfigurationOptions configuration) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer = new(() => ConnectionMultiplexer.Connect(configuration));

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
