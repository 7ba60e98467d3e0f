using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;
using Step = UGiftMe.Tests.TestSupport.ScriptedOrderRequests.Step;

namespace UGiftMe.Tests.Facade.Orders.Completion;

/// <summary>
/// Issue 14, in one process: verified order webhooks end waits at once; polling is only a safety net. These tests start
/// with webhooks trusted (<see cref="OrderPollingOptions.WebhooksConfirmedBeforeSafetyInterval"/> 0); earning and losing
/// that trust is in <see cref="WebhookTrustTests"/>.
/// </summary>
public sealed class OrderCompletionNotifierTests
{
    private const string Secret = "whsec_completion_tests";
    private const string RequestId = ScriptedOrderRequests.OrderRequestId;
    private const string OrderId = "65f5a6b7c8d9e01234567890";
    private const string Queued202 = """{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"queued"}""";

    private TestClock _clock = null!;
    private MockHttpMessageHandler _mock = null!;
    private OrderCompletionNotifier _notifier = null!;
    private UGiftMeClient _client = null!;
    private MockedRequest _orderFetch = null!;

    [SetUp]
    public void CreateClient()
    {
        _clock = new TestClock();
        _mock = new MockHttpMessageHandler();
        _notifier = new OrderCompletionNotifier(timeProvider: _clock);
        _client = TestClients.Create(_mock, _clock, options =>
        {
            options.OrderPolling.CompletionNotifier = _notifier;
            options.OrderPolling.WebhooksConfirmedBeforeSafetyInterval = 0;
        });
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        _orderFetch = _mock.When(HttpMethod.Get, $"{TestClients.BaseUrl}/orders/{OrderId}")
            .Respond(HttpStatusCode.OK, "application/json", "{\"_id\":\"" + OrderId + "\",\"status\":\"completed\",\"merchant\":{\"voucherCode\":\"WEB-HOOK\"}}");
    }

    [TearDown]
    public void DisposeClient()
    {
        _client.Dispose();
        _mock.Dispose();
    }

    [Test]
    public async Task WaitForCompletionAsync_SucceededWebhookDuringTheWait_ReturnsTheFetchedOrderWithoutPolling()
    {
        var server = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Processing);
        var operation = await _client.Orders.StartAsync(Order());
        var wait = operation.WaitForCompletionAsync();

        var firstPollIn = await _clock.WaitForPendingTimerAsync();
        var handedOn = await _notifier.PublishAsync(Succeeded());
        var order = await wait;

        Assert.That(handedOn, Is.True);
        Assert.That(firstPollIn, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(54)), "with webhooks the first poll waits the safety interval (60 s less jitter)");
        Assert.That(order.Id, Is.EqualTo(OrderId));
        Assert.That(order.Merchant!.VoucherCode, Is.EqualTo("WEB-HOOK"));
        Assert.That(server.Polls, Is.Zero);
        Assert.That(operation.PollCount, Is.Zero);
        Assert.That(operation.Status, Is.EqualTo(OrderRequestStatuses.Succeeded));
        Assert.That(_mock.GetMatchCount(_orderFetch), Is.EqualTo(1));
        Assert.That(_clock.NextDue(), Is.Null, "the safety timer is cancelled once the webhook ended the wait");
    }

    [Test]
    public async Task WaitForCompletionAsync_WebhookVerifiedBeforeTheWaitStarted_CompletesAtOnce()
    {
        var server = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Processing);
        var operation = await _client.Orders.StartAsync(Order());
        await _notifier.PublishAsync(Succeeded());

        var order = await operation.WaitForCompletionAsync();

        Assert.That(order.Id, Is.EqualTo(OrderId));
        Assert.That(server.Polls, Is.Zero);
    }

    [Test]
    public async Task Resume_WebhookArrivedBeforeTheResume_CompletesAfterOnlyTheResumesOwnPoll()
    {
        var server = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Processing);
        await _notifier.PublishAsync(Succeeded());

        var order = await _client.Orders.Resume(RequestId).WaitForCompletionAsync();

        Assert.That(order.Id, Is.EqualTo(OrderId));
        Assert.That(server.Polls, Is.Zero, "the kept event ends a resumed operation before it needs to ask");
    }

    [Test]
    public async Task WaitForCompletionAsync_FailedWebhookForFunds_ThrowsInsufficientFundsWithTheAmounts()
    {
        _ = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Processing);
        var operation = await _client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = "po-14" });
        var wait = operation.WaitForCompletionAsync();
        await _clock.WaitForPendingTimerAsync();

        await _notifier.PublishAsync(Verified(WebhookEventNames.OrderFailed, new
        {
            orderRequestId = RequestId,
            status = "failed",
            error = "Insufficient available balance. Required: 50, Available: 10 GBP",
            timestamp = "2026-01-01T00:00:05.000Z",
        }));

        var failure = Assert.ThrowsAsync<InsufficientFundsException>(async () => await wait)!;
        Assert.That(failure.OrderRequestId, Is.EqualTo(RequestId));
        Assert.That((failure.Required, failure.Available, failure.Currency), Is.EqualTo((50m, 10m, "GBP")));
        Assert.That(failure.IdempotencyKey, Is.EqualTo("po-14"));
        Assert.That(operation.PollCount, Is.Zero);
    }

    [Test]
    public async Task WaitForCompletionAsync_NoWebhookArrives_PollsAtTheSafetyIntervalThenFollowsTheNormalPolicy()
    {
        var server = new ScriptedOrderRequests(_mock, _clock, (poll, _) => poll < 3 ? Step.Processing : Step.Succeeded(OrderJson()));
        var operation = await _client.Orders.StartAsync(Order());
        var wait = operation.WaitForCompletionAsync();

        await _clock.RunAsync(wait);

        Assert.That(server.Polls, Is.EqualTo(3));
        Assert.That(server.PollTimes[0], Is.InRange(TimeSpan.FromSeconds(54), TimeSpan.FromSeconds(60)), "the safety net");
        var normal = new OrderPollingOptions();
        var secondGap = server.PollTimes[1] - server.PollTimes[0];
        Assert.That(secondGap, Is.InRange(normal.NextInterval(server.PollTimes[0], 1), normal.NextInterval(server.PollTimes[0], 0)),
            "a lost webhook: the normal policy takes over after the safety interval");
    }

    [Test]
    public async Task WaitForCompletionAsync_WithoutANotifier_PollsAfterTheInitialDelayAsBefore()
    {
        using var mock = new MockHttpMessageHandler();
        using var client = TestClients.Create(mock, _clock);
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        var server = new ScriptedOrderRequests(mock, _clock, (poll, _) => poll < 2 ? Step.Processing : Step.Succeeded(OrderJson()));

        var operation = await client.Orders.StartAsync(Order());
        await _clock.RunAsync(operation.WaitForCompletionAsync());

        Assert.That(server.PollTimes[0], Is.EqualTo(new OrderPollingOptions().InitialDelay));
        Assert.That(server.Polls, Is.EqualTo(2));
    }

    [Test]
    public async Task WaitForCompletionAsync_BulkSucceededWebhook_ReadsTheResultWithOneImmediatePoll()
    {
        var server = new ScriptedOrderRequests(_mock, _clock, (poll, _) => poll == 1
            ? Step.Succeeded(DocumentedFixture.Load("responses/bulk-order-201.json").BodyText, type: "bulk")
            : Step.Processing);
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders/bulk").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        var operation = await _client.Orders.StartBulkAsync([Order(), Order()]);
        var wait = operation.WaitForCompletionAsync();
        await _clock.WaitForPendingTimerAsync();

        await _notifier.PublishAsync(Succeeded());
        var result = await wait;

        Assert.That(result.Orders, Is.Not.Empty);
        Assert.That(server.Polls, Is.EqualTo(1));
        Assert.That(server.PollTimes[0], Is.EqualTo(TimeSpan.Zero), "polled when the event arrived, not at the safety interval");
    }

    [Test]
    public async Task WaitForCompletionAsync_BulkWebhookWhileTheStatusStillLags_PollsByTheNormalPolicyAfterIt()
    {
        // The verified order.succeeded cannot give a bulk result, and the poll it triggers still says processing: the
        // webhooks have said all they will, so the next poll follows the normal policy, not the 60 s safety interval.
        var server = new ScriptedOrderRequests(_mock, _clock, (poll, _) => poll == 2
            ? Step.Succeeded(DocumentedFixture.Load("responses/bulk-order-201.json").BodyText, type: "bulk")
            : Step.Processing);
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders/bulk").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        var operation = await _client.Orders.StartBulkAsync([Order(), Order()]);
        var wait = operation.WaitForCompletionAsync();
        await _clock.WaitForPendingTimerAsync();

        await _notifier.PublishAsync(Succeeded());
        await TestClock.WaitUntilAsync(() => server.Polls == 1, "the event's poll");
        await _clock.RunAsync(wait);

        Assert.That(server.Polls, Is.EqualTo(2));
        Assert.That(server.PollTimes[0], Is.EqualTo(TimeSpan.Zero), "polled when the event arrived");
        var normal = new OrderPollingOptions();
        Assert.That(server.PollTimes[1] - server.PollTimes[0], Is.InRange(normal.NextInterval(server.PollTimes[0], 1), normal.NextInterval(server.PollTimes[0], 0)));
    }

    [Test]
    public async Task PublishAsync_TestDeliveriesAndOtherEvents_AreIgnored()
    {
        var testDelivery = Verified(WebhookEventNames.OrderSucceeded, SucceededPayload(), isTest: true);
        var processing = Verified(WebhookEventNames.OrderProcessing, new { orderRequestId = RequestId, status = "processing", type = "single", timestamp = "2026-01-01T00:00:01.000Z" });

        Assert.That(await _notifier.PublishAsync(testDelivery), Is.False);
        Assert.That(await _notifier.PublishAsync(processing), Is.False);
        Assert.That(_notifier.EarlyEventCount, Is.Zero);
        Assert.That(await _notifier.PublishAsync(Succeeded()), Is.True);
        Assert.That(_notifier.EarlyEventCount, Is.EqualTo(1));
    }

    [Test]
    public async Task EarlyEvents_AfterTheRetention_AreForgotten()
    {
        await _notifier.PublishAsync(Succeeded());
        _clock.Advance(OrderCompletionNotifier.DefaultEarlyEventRetention + TimeSpan.FromSeconds(1));
        await _notifier.PublishAsync(Succeeded("another-request"));

        Assert.That(_notifier.EarlyEventCount, Is.EqualTo(1), "the expired one was swept");
        using var subscription = _notifier.Subscribe(RequestId);
        Assert.That(subscription.Completion.IsCompleted, Is.False);
    }

    [Test]
    public async Task ARequestForgottenAndWaitedForAgain_KeepsTheNewWaitUntilItsWebhook()
    {
        var minute = TimeSpan.FromMinutes(1);
        _notifier.Subscribe(RequestId).Dispose();          // a wait that gave up: nothing holds the request any more
        _clock.Advance(minute);
        _notifier.Subscribe(RequestId).Dispose();          // another one, a minute later
        _clock.Advance(OrderCompletionNotifier.DefaultEarlyEventRetention - minute);
        _notifier.Subscribe("req-other").Dispose();        // the first wait's retention ends
        using var waiting = _notifier.Subscribe(RequestId);
        _clock.Advance(minute);
        _notifier.Subscribe("req-other").Dispose();        // the second's ends while the new wait waits

        Assert.That(await _notifier.PublishAsync(Succeeded()), Is.True);
        Assert.That(waiting.Completion.IsCompletedSuccessfully, Is.True, "the new wait got its webhook");
    }

    [Test]
    public async Task ChannelUnavailable_DuringTheSafetyWait_PollsAtOnceAndLogsAWarning()
    {
        var channel = new SwitchableChannel();
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(logs)));
        var notifier = new OrderCompletionNotifier(channel, _clock, loggerFactory);
        var operation = await _client.Orders.StartAsync(Order(), new OrderCreateOptions { Polling = new OrderPollingOptions { CompletionNotifier = notifier, WebhooksConfirmedBeforeSafetyInterval = 0 } });
        var server = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Succeeded(OrderJson()));
        var wait = operation.WaitForCompletionAsync();
        var safety = await _clock.WaitForPendingTimerAsync();

        _clock.Advance(TimeSpan.FromSeconds(5));
        channel.SetAvailable(false);
        await TestClock.WaitUntilAsync(() => server.Polls == 1, "the operation polled after the channel went away");
        var order = await _clock.RunAsync(wait);

        Assert.That(safety, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(54)));
        Assert.That(order.Id, Is.EqualTo("65b0d1e2f3a4b56789012345"));
        Assert.That(server.PollTimes, Is.EqualTo(new[] { TimeSpan.FromSeconds(5) }), "polled the moment the channel went away");
        Assert.That(logs.GetSnapshot().Select(r => (r.Level, r.Message)),
            Has.Some.Matches<(LogLevel Level, string Message)>(r => r.Level == LogLevel.Warning && r.Message.Contains("fall back", StringComparison.Ordinal)));
    }

    [Test]
    public void Validate_NonPositiveSafetyInterval_IsNamed()
    {
        var problems = new OrderPollingOptions { WebhookSafetyInterval = TimeSpan.Zero }.Validate();

        Assert.That(problems, Is.EqualTo(new[] { "OrderPollingOptions.WebhookSafetyInterval must be positive." }));
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void Validate_NonPositiveQueuedWebhookTimeout_IsNamed_ButInfiniteTurnsTheCheckOff(int seconds)
    {
        var problems = new OrderPollingOptions { QueuedWebhookTimeout = TimeSpan.FromSeconds(seconds) }.Validate();
        var off = new OrderPollingOptions { QueuedWebhookTimeout = Timeout.InfiniteTimeSpan }.Validate();

        Assert.That(problems, Is.EqualTo(new[] { "OrderPollingOptions.QueuedWebhookTimeout must be positive (or Timeout.InfiniteTimeSpan to turn the check off)." }));
        Assert.That(off, Is.Empty);
    }

    [Test]
    public void Validate_NegativeWebhookConfirmations_IsNamed()
    {
        var problems = new OrderPollingOptions { WebhooksConfirmedBeforeSafetyInterval = -1 }.Validate();

        Assert.That(problems, Is.EqualTo(new[] { "OrderPollingOptions.WebhooksConfirmedBeforeSafetyInterval must not be negative." }));
    }

    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    private static string OrderJson() => DocumentedFixture.Load("responses/create-order-201.json").BodyText;

    private static object SucceededPayload(string requestId = RequestId) => new
    {
        orderRequestId = requestId,
        status = "succeeded",
        type = "single",
        result = new { orderId = OrderId },
        timestamp = "2026-01-01T00:00:05.000Z",
    };

    private static WebhookEvent Succeeded(string requestId = RequestId) => Verified(WebhookEventNames.OrderSucceeded, SucceededPayload(requestId));

    private static WebhookEvent Verified(string eventName, object payload, bool isTest = false)
    {
        var delivery = new WebhookSigner(Secret).CreateDelivery(eventName, payload, isTest);
        return new WebhookVerifier(Secret).Verify(delivery.Body.Span, delivery.ToWebhookHeaders());
    }

    /// <summary>A channel whose availability the test switches, standing in for a backplane connection.</summary>
    private sealed class SwitchableChannel : OrderCompletionChannel
    {
        private volatile bool _available = true;

        public override bool IsAvailable => _available;

        public override Task PublishAsync(OrderCompletionEvent completion, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void SetAvailable(bool available)
        {
            _available = available;
            OnAvailabilityChanged();
        }

        protected override void Start()
        {
        }
    }
}
