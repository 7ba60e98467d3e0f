using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using UGiftMe.ContractTesting.Hosting;

namespace UGiftMe.Redis.Tests;

/// <summary>The test server itself: a port taken between finding it free and redis-server binding it costs a restart, not a failed test.</summary>
public sealed class RedisServerTests
{
    [Test]
    public async Task StartAsync_PortTakenBeforeRedisBindsIt_StartsOnAnotherPort()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var offered = new List<int>();

        using var redis = await RedisServer.StartAsync(() =>
        {
            offered.Add(offered.Count == 0 ? takenPort : LoopbackPort.Free());
            return offered[^1];
        });

        Assert.That(offered, Has.Count.EqualTo(2), "the taken port, then another");
        Assert.That(redis.Port, Is.EqualTo(offered[1]));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.That((await connection.GetDatabase().PingAsync()) >= TimeSpan.Zero, Is.True, "the restarted server answers");
    }
}
