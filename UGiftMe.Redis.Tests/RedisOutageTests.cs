using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Redis.Tests;

/// <summary>Issue 14: Redis dies while an order is being waited for. The wait polls instead; the receiver answers 503.</summary>
[NonParallelizable]
public sealed class RedisOutageTests
{
    [Test]
    public async Task RedisKilledMidWait_WaitFallsBackToPollingWithAWarning_ReceiverAnswers503()
    {
        using var redis = await RedisServer.StartAsync();
        await using var api = await FakeUGiftMeApi.StartAsync();
        await using var a = await AppInstance.StartAsync(api, redis.ConnectionString);
        await using var b = await AppInstance.StartAsync(api, redis.ConnectionString);
        using var http = new HttpClient();
        _ = (a.Client, b.Client);
        await TestClock.WaitUntilAsync(() => a.Notifier.IsConnected && b.Notifier.IsConnected, "both instances subscribed");
        var (requestId, orderId) = TwoInstancesOnOneRedisTests.NewIds();
        var wait = b.Client.Orders.Resume(requestId).WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => api.PollsOf(requestId) == 1, "B asked once");
        var safety = await b.Clock.WaitForPendingTimerAsync();
        var start = b.Clock.GetUtcNow();

        redis.Kill();
        await TestClock.WaitUntilAsync(() => !b.Notifier.IsConnected, "B noticed that Redis is gone");
        var normal = new OrderPollingOptions().MinInterval;
        await TestClock.WaitUntilAsync(() => b.Clock.NextDue() <= normal, "B planned its next poll by the normal policy, not the safety interval");
        var receiverStatus = await a.PostAsync(http, AppInstance.Succeeded(requestId, orderId));
        api.Succeeded[requestId] = orderId;
        var order = await b.Clock.RunAsync(wait);

        Assert.That(safety, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(54)));
        Assert.That(receiverStatus, Is.EqualTo(503), "no shared de-duplication, so no dispatch: UGiftMe retries later");
        Assert.That(a.Dispatches, Is.Empty);
        Assert.That(order.Id, Is.EqualTo(orderId), "the order was still found, by polling, without an exception");
        Assert.That(api.PollsOf(requestId), Is.EqualTo(2), "the resumed operation's own poll, then one by the normal policy");
        Assert.That(b.Clock.GetUtcNow() - start, Is.LessThanOrEqualTo(normal), "found within the normal interval of the outage");
        Assert.That(b.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message),
            Has.Some.Contains("fall back to their normal polling policy"));
        Assert.That(a.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Error).Select(r => r.Message),
            Has.Some.Contains("answered 503"));
    }

    [Test]
    public async Task RedisDownAtStartUp_HostStartsAndWaitsPollNormally()
    {
        // Bound and never listening: every connection is refused, and nothing else (a redis-server another test starts on
        // a free port, say) can bind the port meanwhile, as it could one found free and released.
        using var down = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        down.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var api = await FakeUGiftMeApi.StartAsync();
        await using var instance = await AppInstance.StartAsync(api, $"127.0.0.1:{((IPEndPoint)down.LocalEndPoint!).Port}");
        var (requestId, orderId) = TwoInstancesOnOneRedisTests.NewIds();
        api.Succeeded[requestId] = orderId;

        var operation = instance.Client.Orders.Resume(requestId);
        var order = await instance.Clock.RunAsync(operation.WaitForCompletionAsync());

        Assert.That(instance.Notifier.IsConnected, Is.False);
        Assert.That(order.Id, Is.EqualTo(orderId));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RedisThatNeverAnswers_StartUpAndAWaitComplete_WhileTheConnectionIsStillBeingMade(CancellationToken cancellationToken)
    {
        // Accepts the connection and never answers: a connect that blocked would wait the whole hour of connectTimeout.
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var accepted = blackHole.AcceptSocketAsync(cancellationToken).AsTask();
        await using var api = await FakeUGiftMeApi.StartAsync();
        await using var instance = await AppInstance.StartAsync(api, $"127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port},connectTimeout=3600000");
        var (requestId, orderId) = TwoInstancesOnOneRedisTests.NewIds();
        api.Succeeded[requestId] = orderId;

        var order = await instance.Clock.RunAsync(instance.Client.Orders.Resume(requestId).WaitForCompletionAsync(cancellationToken));
        using var connection = await accepted.WaitAsync(cancellationToken);

        Assert.That(order.Id, Is.EqualTo(orderId), "found by polling");
        Assert.That(instance.Notifier.IsConnected, Is.False, "the backplane is still connecting");
        Assert.That(connection.Connected, Is.True, "the connection was being made meanwhile, in the background");
    }
}
