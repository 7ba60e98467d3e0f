using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// The backplane over the application's own <see cref="IConnectionMultiplexer"/> (given, or taken from the container by a
/// factory): it works across two instances, opens no connection of its own, and leaves the application's open when the
/// application's container is disposed.
/// </summary>
[NonParallelizable]
public sealed class ApplicationConnectionTests
{
    private RedisServer _redis = null!;
    private FakeUGiftMeApi _api = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _api = await FakeUGiftMeApi.StartAsync();
        _http = new HttpClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
        _redis.Dispose();
    }

    [Test]
    public async Task GivenConnectionAndFactory_WebhookOnACompletesWaitOnB_OverTheApplicationsConnectionsOnly()
    {
        using var observer = await ConnectAsync("observer");
        var connectionOfA = await ConnectAsync("app-a");
        var connectionOfB = await ConnectAsync("app-b");
        var factoryCalls = 0;
        await using var a = await AppInstance.StartAsync(_api, ugiftme => ugiftme.AddRedisBackplane(connectionOfA));
        await using var b = await AppInstance.StartAsync(
            _api,
            ugiftme => ugiftme.AddRedisBackplane(provider =>
            {
                Interlocked.Increment(ref factoryCalls);
                return provider.GetRequiredService<IConnectionMultiplexer>();
            }),
            configureServices: services => services.AddSingleton<IConnectionMultiplexer>(connectionOfB));
        _ = (a.Client, b.Client);
        await TestClock.WaitUntilAsync(() => a.Notifier.IsConnected && b.Notifier.IsConnected, "both instances subscribed to Redis");
        var (requestId, orderId) = TwoInstancesOnOneRedisTests.NewIds();
        var wait = b.Client.Orders.Resume(requestId).WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => _api.PollsOf(requestId) == 1, "B asked once");

        var status = await a.PostAsync(_http, AppInstance.Succeeded(requestId, orderId));
        var order = await wait;

        Assert.That(status, Is.EqualTo(200));
        Assert.That(order.Id, Is.EqualTo(orderId));
        Assert.That(_api.PollsOf(requestId), Is.EqualTo(1), "the webhook on A ended B's wait through Redis");
        Assert.That(factoryCalls, Is.EqualTo(1));
        var names = (await observer.GetServers().Single().ClientListAsync()).Select(client => client.Name).Distinct().Order();
        Assert.That(names, Is.EqualTo(new[] { "app-a", "app-b", "observer" }), "no connection but the applications' own");
        connectionOfA.Dispose();
        connectionOfB.Dispose();
    }

    [Test]
    public async Task GivenConnection_ApplicationDisposed_ConnectionStaysOpenAndUsable()
    {
        using var connection = await ConnectAsync("app");
        var app = await AppInstance.StartAsync(_api, ugiftme => ugiftme.AddRedisBackplane(connection));
        _ = app.Client;
        await TestClock.WaitUntilAsync(() => app.Notifier.IsConnected, "the instance subscribed to Redis");

        await app.DisposeAsync();

        Assert.That(connection.IsConnected, Is.True);
        Assert.That(await connection.GetDatabase().StringSetAsync("still-mine", "yes"), Is.True);
        Assert.That((string?)await connection.GetDatabase().StringGetAsync("still-mine"), Is.EqualTo("yes"));
    }

    [Test]
    public void FactoryOverload_FactoryReturnsNull_ResolvingTheBackplaneSaysWhatIsMissing()
    {
        var services = new ServiceCollection();
        services.AddUGiftMe(options => options.ApiKey = "key").AddRedisBackplane(_ => null!);
        using var provider = services.BuildServiceProvider();

        var thrown = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<OrderCompletionChannel>());

        Assert.That(thrown!.Message, Does.Contain("AddRedisBackplane").And.Contain("IConnectionMultiplexer"));
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(string name)
    {
        var options = ConfigurationOptions.Parse(_redis.ConnectionString);
        options.ClientName = name;
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
