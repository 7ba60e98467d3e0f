using StackExchange.Redis;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// Issue 14 across instances: two applications (receiver + client each, separate <c>WebApplication</c>s) share one
/// real Redis. Their fake clocks never move, so a wait can only end by a webhook, never by a poll.
/// </summary>
[NonParallelizable]
public sealed class TwoInstancesOnOneRedisTests
{
    // The channel of the default key prefix, as every version names it.
    private const string CompletionChannel = "ugiftme:order-completions";

    private RedisServer _redis = null!;
    private FakeUGiftMeApi _api = null!;
    private AppInstance _a = null!;
    private AppInstance _b = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _api = await FakeUGiftMeApi.StartAsync();
        _a = await AppInstance.StartAsync(_api, _redis.ConnectionString);
        _b = await AppInstance.StartAsync(_api, _redis.ConnectionString);
        _http = new HttpClient();
        // The notifiers are created with the first client; both must be subscribed before a test publishes.
        _ = (_a.Client, _b.Client);
        await TestClock.WaitUntilAsync(() => _a.Notifier.IsConnected && _b.Notifier.IsConnected, "both instances subscribed to Redis");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _api.DisposeAsync();
        _redis.Dispose();
    }

    [Test]
    public async Task EventDeliveredToA_CompletesAWaitOnB()
    {
        var (requestId, orderId) = NewIds();
        var operation = _b.Client.Orders.Resume(requestId);
        var wait = operation.WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => _api.PollsOf(requestId) == 1, "B asked once, as a resumed operation does");

        var status = await _a.PostAsync(_http, AppInstance.Succeeded(requestId, orderId));
        var order = await wait;

        Assert.That(status, Is.EqualTo(200));
        Assert.That(order.Id, Is.EqualTo(orderId));
        Assert.That(_api.PollsOf(requestId), Is.EqualTo(1), "no poll after the first: the webhook on A ended B's wait");
        Assert.That(_a.Dispatches.Values.Sum() - _b.Dispatches.Values.Sum(), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task WaitOnB_NextPoll_IsTheSafetyInterval()
    {
        var (requestId, orderId) = NewIds();
        var wait = _b.Client.Orders.Resume(requestId).WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => _api.PollsOf(requestId) == 1, "B asked once");
        var next = await _b.Clock.WaitForPendingTimerAsync();

        Assert.That(next, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(54)), "connected to Redis, B polls only as a safety net");
        await _a.PostAsync(_http, AppInstance.Succeeded(requestId, orderId));
        await wait;
    }

    [Test]
    public async Task SameDeliveriesToAAndBAtOnce_1000Deliveries_EachDispatchedOnceAndEveryWaitCompleted()
    {
        const int deliveries = 1000;
        var ids = Enumerable.Range(0, deliveries).Select(_ => NewIds()).ToArray();
        var waits = ids.Select((id, i) => (i % 2 == 0 ? _a : _b).Client.Orders.Resume(id.RequestId).WaitForCompletionAsync()).ToArray();
        var signed = ids.Select(id => AppInstance.Succeeded(id.RequestId, id.OrderId)).ToArray();
        var dispatchedBefore = _a.Dispatches.Count + _b.Dispatches.Count;

        using var gate = new SemaphoreSlim(64);
        var statuses = await Task.WhenAll(signed.Select(async delivery =>
        {
            await gate.WaitAsync();
            try
            {
                return await Task.WhenAll(_a.PostAsync(_http, delivery), _b.PostAsync(_http, delivery));
            }
            finally
            {
                gate.Release();
            }
        }));
        var orders = await Task.WhenAll(waits);

        var keys = signed.Select(d => new WebhookVerifier(AppInstance.Secret).Verify(d.Body.Span, d.ToWebhookHeaders()).IdempotencyKey).ToArray();
        var dispatchCounts = keys.Select(key => _a.Dispatches.GetValueOrDefault(key) + _b.Dispatches.GetValueOrDefault(key)).ToArray();
        var doubleDispatches = dispatchCounts.Count(n => n > 1);
        var completed = orders.Count(o => o.Id is not null);
        TestContext.Out.WriteLine(
            $"GOAL two instances on one Redis: {doubleDispatches} double dispatches in {deliveries} concurrent duplicate deliveries, " +
            $"{completed}/{deliveries} waits completed (target 0 and all) — {(doubleDispatches == 0 && completed == deliveries ? "met" : "missed")}");

        Assert.That(doubleDispatches, Is.Zero);
        Assert.That(dispatchCounts, Is.All.EqualTo(1), "every delivery was dispatched exactly once");
        Assert.That(_a.Dispatches.Count + _b.Dispatches.Count - dispatchedBefore, Is.EqualTo(deliveries));
        Assert.That(statuses.SelectMany(s => s), Is.All.AnyOf(200, 409), "the loser of a race answers 409 (UGiftMe retries), never 5xx");
        Assert.That(statuses.Count(pair => pair.Contains(200)), Is.EqualTo(deliveries), "one receiver of each pair took the delivery");
        Assert.That(orders.Select(o => o.Id), Is.EqualTo(ids.Select(id => id.OrderId)));
        Assert.That(ids.Sum(id => _api.PollsOf(id.RequestId)), Is.LessThanOrEqualTo(deliveries), "at most the resumed operations' first polls");
    }

    [Test]
    public async Task DuplicateAfterProcessing_OnTheOtherInstance_IsAcknowledgedWithoutDispatch()
    {
        var (requestId, orderId) = NewIds();
        var delivery = AppInstance.Succeeded(requestId, orderId);
        var key = new WebhookVerifier(AppInstance.Secret).Verify(delivery.Body.Span, delivery.ToWebhookHeaders()).IdempotencyKey;

        var first = await _a.PostAsync(_http, delivery);
        var retry = await _b.PostAsync(_http, delivery);

        Assert.That((first, retry), Is.EqualTo((200, 200)));
        Assert.That(_a.Dispatches.GetValueOrDefault(key) + _b.Dispatches.GetValueOrDefault(key), Is.EqualTo(1));
    }

    [Test]
    public async Task CompletionInTheFormatEveryVersionPublishes_CompletesAWaitOnB()
    {
        var (requestId, orderId) = NewIds();
        var wait = _b.Client.Orders.Resume(requestId).WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => _api.PollsOf(requestId) == 1, "B asked once");
        using var olderInstance = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);

        await olderInstance.GetSubscriber().PublishAsync(
            RedisChannel.Literal(CompletionChannel), $$"""{"OrderRequestId":"{{requestId}}","Succeeded":true,"OrderId":"{{orderId}}","Error":null}""");
        var order = await wait;

        Assert.That(order.Id, Is.EqualTo(orderId));
        Assert.That(_api.PollsOf(requestId), Is.EqualTo(1), "the message ended the wait, not a poll");
    }

    [Test]
    public async Task CompletionsPublishedByA_AreInTheFormatEveryVersionReads()
    {
        var (succeeded, orderId) = NewIds();
        var (failed, _) = NewIds();
        using var olderInstance = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var published = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var bothPublished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await olderInstance.GetSubscriber().SubscribeAsync(RedisChannel.Literal(CompletionChannel), (_, message) =>
        {
            if (((string?)message)?.Contains(succeeded, StringComparison.Ordinal) == true || ((string?)message)?.Contains(failed, StringComparison.Ordinal) == true)
            {
                published.Enqueue(message!);
                if (published.Count == 2)
                {
                    bothPublished.TrySetResult();
                }
            }
        });

        await _a.PostAsync(_http, AppInstance.Succeeded(succeeded, orderId));
        await _a.PostAsync(_http, new WebhookSigner(AppInstance.Secret).CreateDelivery(WebhookEventNames.OrderFailed, new
        {
            orderRequestId = failed,
            status = "failed",
            error = "Merchant <Amazon UK> refused: 'café' & \"more\"",
            timestamp = "2026-01-01T00:00:05.000Z",
        }));
        await bothPublished.Task;

        Assert.That(published, Is.EquivalentTo(new[]
        {
            $$"""{"OrderRequestId":"{{succeeded}}","Succeeded":true,"OrderId":"{{orderId}}","Error":null}""",
            $$"""{"OrderRequestId":"{{failed}}","Succeeded":false,"OrderId":null,"Error":"Merchant \u003CAmazon UK\u003E refused: \u0027caf\u00E9\u0027 \u0026 \u0022more\u0022"}""",
        }));
    }

    internal static (string RequestId, string OrderId) NewIds() =>
        (Guid.NewGuid().ToString("N")[..24], Guid.NewGuid().ToString("N")[..24]);
}
