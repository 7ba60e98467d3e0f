using StackExchange.Redis;

namespace UGiftMe.Redis.Tests;

/// <summary>A real redis-server for the fixture, and two connections to it standing in for two instances of an app.</summary>
public abstract class TwoRedisConnections
{
    protected RedisServer Redis { get; private set; } = null!;

    protected ConnectionMultiplexer First { get; private set; } = null!;

    protected ConnectionMultiplexer Second { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Redis = await RedisServer.StartAsync();
        First = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        Second = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        First.Dispose();
        Second.Dispose();
        Redis.Dispose();
    }
}
