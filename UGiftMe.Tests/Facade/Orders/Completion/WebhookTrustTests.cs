using System.Net;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;
using Step = UGiftMe.Tests.TestSupport.ScriptedOrderRequests.Step;

namespace UGiftMe.Tests.Facade.Orders.Completion;

/// <summary>
/// Issue 14: a lost webhook must never make a wait slower than polling alone. Waits poll by the normal policy until
/// webhooks have completed <see cref="OrderPollingOptions.WebhooksConfirmedBeforeSafetyInterval"/> orders in a row, and
/// again from the first order whose outcome a poll saw without its webhook following.
/// </summary>
public sealed class WebhookTrustTests
{
    private const string Secret = "whsec_trust_tests";
    private const string OrderId = "65f5a6b7c8d9e01234567890";
    private static readonly TimeSpan SafetyLessJitter = TimeSpan.FromSeconds(54);

    private readonly Dictionary<string, Task<BusinessOrder>> _waits = new(StringComparer.Ordinal);
    private TestClock _clock = null!;
    private MockHttpMessageHandler _mock = null!;
    private OrderCompletionNotifier _notifier = null!;

    [SetUp]
    public void CreateNotifier()
    {
        _clock = new TestClock();
        _mock = new MockHttpMessageHandler();
        _notifier = new OrderCompletionNotifier(timeProvider: _clock);
        _mock.When(HttpMethod.Get, $"{TestClients.BaseUrl}/orders/{OrderId}")
            .Respond(HttpStatusCode.OK, "application/json", "{\"_id\":\"" + OrderId + "\",\"status\":\"completed\"}");
    }

    [TearDown]
    public void DisposeMock() => _mock.Dispose();

    [Test]
    public async Task NotYetProven_FirstPollFollowsTheNormalPolicy_AndTheWebhookStillEndsTheWaitAtOnce()
    {
        using var client = Client(confirmationsRequired: new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval);
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders")
            .Respond(HttpStatusCode.Accepted, "application/json", """{"orderRequestId":"req-new","status":"queued"}""");
        var server = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Processing, "req-new");
        var operation = await client.Orders.StartAsync(Order());
        var wait = operation.WaitForCompletionAsync();

        var firstPollIn = await _clock.WaitForPendingTimerAsync();
        await _notifier.PublishAsync(Succeeded("req-new"));
        var order = await wait.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval, Is.EqualTo(50));
        Assert.That(firstPollIn, Is.EqualTo(new OrderPollingOptions().InitialDelay), "today's policy until webhooks have proven themselves");
        Assert.That(order.Id, Is.EqualTo(OrderId));
        Assert.That(server.Polls, Is.Zero);
    }

    [Test]
    public async Task AfterTheConfiguredRunOfWebhookCompletions_WaitsPollOnlyAtTheSafetyInterval()
    {
        using var client = Client(confirmationsRequired: 2);

        var first = await NextPollAfterTheResumesOwnAsync(client, "req-1");
        await CompleteByWebhookAsync("req-1");
        var second = await NextPollAfterTheResumesOwnAsync(client, "req-2");
        await CompleteByWebhookAsync("req-2");
        var third = await NextPollAfterTheResumesOwnAsync(client, "req-3");

        Assert.That(first, Is.LessThanOrEqualTo(new OrderPollingOptions().MinInterval));
        Assert.That(second, Is.LessThanOrEqualTo(new OrderPollingOptions().MinInterval), "one webhook is not yet two in a row");
        Assert.That(third, Is.GreaterThanOrEqualTo(SafetyLessJitter));
    }

    [Test]
    public async Task OutcomeSeenByAPollBeforeItsWebhook_NextWaitsFollowTheNormalPolicy_AndAfterTheGraceTheCountStartsOver()
    {
        using var client = Client(confirmationsRequired: 1);
        await NextPollAfterTheResumesOwnAsync(client, "req-1");
        await CompleteByWebhookAsync("req-1");
        var beforeTheLoss = await LoseTheWebhookAsync(client, "req-2");

        var rightAfter = await NextPollAfterTheResumesOwnAsync(client, "req-3");
        _clock.Advance(OrderCompletionNotifier.LateWebhookGrace);
        // Until req-3's wait has ended, the poll timer it may have armed after the advance is still pending, and the
        // next due timer would be its, not req-4's.
        await CompleteByWebhookAsync("req-3");
        var provenAgainByReq3 = await NextPollAfterTheResumesOwnAsync(client, "req-4");

        Assert.That(beforeTheLoss, Is.GreaterThanOrEqualTo(SafetyLessJitter), "trusted: the lost webhook was noticed at the safety poll");
        Assert.That(rightAfter, Is.LessThanOrEqualTo(new OrderPollingOptions().MinInterval), "a webhook not yet come suspends the trust at once");
        Assert.That(provenAgainByReq3, Is.GreaterThanOrEqualTo(SafetyLessJitter), "req-2's webhook never came: the count started over, and req-3 made it 1");
        Assert.That(_notifier.HasProvenItself(2), Is.False, "the run before the loss no longer counts");
    }

    [Test]
    public async Task OutcomeSeenByAPollBeforeItsWebhook_WaitSleepingOutTheSafetyInterval_ReplansByTheNormalPolicy()
    {
        using var client = Client(confirmationsRequired: 1);
        await NextPollAfterTheResumesOwnAsync(client, "req-1");
        await CompleteByWebhookAsync("req-1");
        var sleeping = await NextPollAfterTheResumesOwnAsync(client, "req-2");

        _notifier.RecordPolledFirst("req-elsewhere");
        await TestClock.WaitUntilAsync(() => _clock.NextDue() <= new OrderPollingOptions().MinInterval, "req-2 replanned its next poll");

        Assert.That(sleeping, Is.GreaterThanOrEqualTo(SafetyLessJitter));
        Assert.That(_waits["req-2"].IsCompleted, Is.False);
        await _notifier.PublishAsync(Succeeded("req-2"));
        await _waits["req-2"].WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task TrustChangeElsewhere_WaitOnTheNormalPolicy_KeepsItsPlannedPollTime()
    {
        using var client = Client(confirmationsRequired: 50);
        var planned = await NextPollAfterTheResumesOwnAsync(client, "req-1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var requested = _clock.RequestedDelays.Count;

        _notifier.RecordPolledFirst("req-elsewhere");
        await TestClock.WaitUntilAsync(() => _clock.RequestedDelays.Count > requested, "req-1 woke and re-armed its timer");

        Assert.That(_clock.RequestedDelays.Last(), Is.EqualTo(planned - TimeSpan.FromSeconds(1)), "not pushed back by the wake");
        await _notifier.PublishAsync(Succeeded("req-1"));
        await _waits["req-1"].WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task WebhookArrivingWithinTheGraceAfterThePoll_KeepsTheTrust()
    {
        using var client = Client(confirmationsRequired: 1);
        await NextPollAfterTheResumesOwnAsync(client, "req-1");
        await CompleteByWebhookAsync("req-1");
        await LoseTheWebhookAsync(client, "req-2");

        _clock.Advance(OrderCompletionNotifier.LateWebhookGrace - TimeSpan.FromSeconds(1));
        await _notifier.PublishAsync(Succeeded("req-2"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var next = await NextPollAfterTheResumesOwnAsync(client, "req-3");

        Assert.That(next, Is.GreaterThanOrEqualTo(SafetyLessJitter), "late is not lost");
    }

    [Test]
    public async Task ResumedOrderAlreadyFinished_IsNotCountedAsALostWebhook()
    {
        using var client = Client(confirmationsRequired: 1);
        await NextPollAfterTheResumesOwnAsync(client, "req-1");
        await CompleteByWebhookAsync("req-1");
        var old = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Succeeded(OrderJson()), "req-old");

        await client.Orders.Resume("req-old").WaitForCompletionAsync().WaitAsync(TimeSpan.FromSeconds(20));
        _clock.Advance(OrderCompletionNotifier.LateWebhookGrace);
        var next = await NextPollAfterTheResumesOwnAsync(client, "req-3");

        Assert.That(old.Polls, Is.EqualTo(1));
        Assert.That(next, Is.GreaterThanOrEqualTo(SafetyLessJitter), "its webhook came long before this process asked");
    }

    [Test]
    public async Task QueuedWebhookMissing_TrustedWaitOfANewOrder_PollsByTheNormalPolicyAndRevokesTrust()
    {
        using var client = Client(confirmationsRequired: 1);
        await NextPollAfterTheResumesOwnAsync(client, "req-1");
        await _notifier.PublishAsync(Queued("req-1"));
        await CompleteByWebhookAsync("req-1");
        var trusted = _notifier.Trust;
        var (server, wait) = await StartOrderAsync(client, "req-new");

        var check = await _clock.WaitForPendingTimerAsync(wait);
        _clock.Advance(check);
        await TestClock.WaitUntilAsync(() => server.Polls == 1, "req-new polled at once");
        var next = await _clock.WaitForPendingTimerAsync(wait);

        Assert.That(trusted, Is.EqualTo(new WebhookTrust(0, 1)), "proven, and known to receive order.queued");
        Assert.That(check, Is.EqualTo(new OrderPollingOptions().QueuedWebhookTimeout), "a trusted wait first checks for its order.queued");
        Assert.That(next, Is.LessThanOrEqualTo(new OrderPollingOptions().MinInterval), "then the normal policy, not the safety interval");
        Assert.That(_notifier.Trust, Is.EqualTo(new WebhookTrust(1, 0)), "trust revoked: the count starts over");
        Assert.That(_notifier.ExpectsQueuedWebhook, Is.False, "the check re-arms with the next order.queued that arrives");
        await _notifier.PublishAsync(Succeeded("req-new"));
        await wait.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task QueuedWebhookArrivedBeforeThe202_TrustedWait_KeepsTheSafetyInterval()
    {
        using var client = Client(confirmationsRequired: 1);
        await NextPollAfterTheResumesOwnAsync(client, "req-1");
        await CompleteByWebhookAsync("req-1");
        await _notifier.PublishAsync(Queued("req-new"));
        var (server, wait) = await StartOrderAsync(client, "req-new");

        var check = await _clock.WaitForPendingTimerAsync(wait);
        _clock.Advance(check);
        await TestClock.WaitUntilAsync(() => _clock.NextDue() > check, "req-new went back to sleep");
        var next = await _clock.WaitForPendingTimerAsync(wait);

        Assert.That(check, Is.EqualTo(new OrderPollingOptions().QueuedWebhookTimeout));
        Assert.That(next, Is.GreaterThanOrEqualTo(SafetyLessJitter - check), "its order.queued came: the rest of the safety interval");
        Assert.That(server.Polls, Is.Zero);
        Assert.That(_notifier.Trust, Is.EqualTo(new WebhookTrust(0, 1)));
        await _notifier.PublishAsync(Succeeded("req-new"));
        await wait.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task NoOrderQueuedEverReceived_TrustedWait_SleepsOutTheSafetyIntervalWithoutACheck()
    {
        using var client = Client(confirmationsRequired: 1);
        await NextPollAfterTheResumesOwnAsync(client, "req-1");
        await CompleteByWebhookAsync("req-1");
        var (_, wait) = await StartOrderAsync(client, "req-new");

        var first = await _clock.WaitForPendingTimerAsync(wait);

        Assert.That(_notifier.ExpectsQueuedWebhook, Is.False, "not subscribed to order.queued, as far as anyone can tell");
        Assert.That(first, Is.GreaterThanOrEqualTo(SafetyLessJitter));
        await _notifier.PublishAsync(Succeeded("req-new"));
        await wait.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private UGiftMeClient Client(int confirmationsRequired) => TestClients.Create(_mock, _clock, options =>
    {
        options.OrderPolling.CompletionNotifier = _notifier;
        options.OrderPolling.WebhooksConfirmedBeforeSafetyInterval = confirmationsRequired;
    });

    /// <summary>Resumes a running order: its own poll at once, then returns when the next poll is planned.</summary>
    private async Task<TimeSpan> NextPollAfterTheResumesOwnAsync(UGiftMeClient client, string requestId, Func<int, TimeSpan, Step>? script = null)
    {
        var server = new ScriptedOrderRequests(_mock, _clock, script ?? ((_, _) => Step.Processing), requestId);
        _waits[requestId] = client.Orders.Resume(requestId).WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => server.Polls == 1, $"{requestId} asked once");
        return await _clock.WaitForPendingTimerAsync(_waits[requestId]);
    }

    private async Task CompleteByWebhookAsync(string requestId)
    {
        await _notifier.PublishAsync(Succeeded(requestId));
        await _waits[requestId].WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>An order whose webhook never comes: its second poll sees it succeeded. Returns the wait before that poll.</summary>
    private async Task<TimeSpan> LoseTheWebhookAsync(UGiftMeClient client, string requestId)
    {
        var next = await NextPollAfterTheResumesOwnAsync(client, requestId, (poll, _) => poll == 1 ? Step.Processing : Step.Succeeded(OrderJson()));
        await _clock.RunAsync(_waits[requestId]);
        return next;
    }

    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    private static string OrderJson() => DocumentedFixture.Load("responses/create-order-201.json").BodyText;

    /// <summary>Creates an order that UGiftMe queues (202) as <paramref name="requestId"/>, and starts waiting for it.</summary>
    private async Task<(ScriptedOrderRequests Server, Task<BusinessOrder> Wait)> StartOrderAsync(UGiftMeClient client, string requestId)
    {
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders")
            .Respond(HttpStatusCode.Accepted, "application/json", "{\"orderRequestId\":\"" + requestId + "\",\"status\":\"queued\"}");
        var server = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Processing, requestId);
        var operation = await client.Orders.StartAsync(Order());
        return (server, operation.WaitForCompletionAsync());
    }

    private static WebhookEvent Queued(string requestId)
    {
        var delivery = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderQueued, new
        {
            orderRequestId = requestId,
            status = "queued",
            type = "single",
            timestamp = "2026-01-01T00:00:00.000Z",
        });
        return new WebhookVerifier(Secret).Verify(delivery.Body.Span, delivery.ToWebhookHeaders());
    }

    private static WebhookEvent Succeeded(string requestId)
    {
        var delivery = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderSucceeded, new
        {
            orderRequestId = requestId,
            status = "succeeded",
            type = "single",
            result = new { orderId = OrderId },
            timestamp = "2026-01-01T00:00:05.000Z",
        });
        return new WebhookVerifier(Secret).Verify(delivery.Body.Span, delivery.ToWebhookHeaders());
    }
}
