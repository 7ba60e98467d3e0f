using System.Globalization;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>What is retried, when, and how long the client waits — all on fake time.</summary>
public sealed class RetryHandlerTests
{
    private const string AuthUrl = TestClients.BaseUrl + "/auth";

    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    private static HttpResponseMessage Verified() => Responses.Fixture(200, "responses/verify-credentials-200.json");

    private static HttpResponseMessage TooMany(params (string Name, string Value)[] headers) =>
        Responses.Fixture(429, "errors/429-too-many-requests.json", headers);

    [Test]
    public async Task SendAsync_429WithRetryAfter2Seconds_RetriesAfterExactlyTwoSecondsOfFakeTime()
    {
        var clock = new TestClock();
        var (mock, auth, sent) = Scripted(TooMany(("Retry-After", "2")), Verified());
        using var client = TestClients.Create(mock, clock);

        var call = client.Auth.VerifyAsync();
        Assert.That(await clock.WaitForPendingTimerAsync(), Is.EqualTo(TimeSpan.FromSeconds(2)));
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.That(sent(), Is.EqualTo(1), "still waiting after 1999 ms");
        Assert.That(call.IsCompleted, Is.False);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var result = await call;

        Assert.That(sent(), Is.EqualTo(2));
        Assert.That(result.Metadata.RetryCount, Is.EqualTo(1));
        Assert.That(result.Value.Name, Is.EqualTo("Example Retail Ltd"));
        Assert.That(mock.GetMatchCount(auth), Is.EqualTo(2));
    }

    [Test]
    public async Task SendAsync_RetryAfterAboveMaxDelayButWithinMaxRetryAfter_WaitsTheFullRequestedTime()
    {
        var clock = new TestClock();
        var (mock, _, sent) = Scripted(TooMany(("Retry-After", "20")), Verified());
        using var client = TestClients.Create(mock, clock, o => o.Retry.MaxDelay = TimeSpan.FromSeconds(10));

        var call = client.Auth.VerifyAsync();

        Assert.That(await clock.WaitForPendingTimerAsync(), Is.EqualTo(TimeSpan.FromSeconds(20)), "the server's wait is honoured, not capped at MaxDelay");
        clock.Advance(TimeSpan.FromSeconds(20));
        await call;
        Assert.That(sent(), Is.EqualTo(2));
    }

    [Test]
    public void SendAsync_429WithRetryAfterOneHour_ThrowsRateLimitedAtOnceWithoutWaiting()
    {
        var clock = new TestClock();
        var started = clock.GetUtcNow();
        var (mock, _, sent) = Scripted(TooMany(("Retry-After", "3600")), Verified());
        using var client = TestClients.Create(mock, clock);

        var thrown = Assert.ThrowsAsync<RateLimitedException>(() => client.Auth.VerifyAsync());

        Assert.That(thrown!.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(sent(), Is.EqualTo(1));
        Assert.That(clock.GetUtcNow(), Is.EqualTo(started), "no time passed");
        Assert.That(clock.RequestedDelays, Is.Empty, "no backoff timer was started");
        Assert.That(thrown.RetryCount, Is.Zero);
    }

    [Test]
    public async Task SendAsync_RetryAfterAsHttpDate_WaitsUntilThatDate()
    {
        var clock = new TestClock();
        var date = (clock.GetUtcNow() + TimeSpan.FromSeconds(5)).ToString("R", CultureInfo.InvariantCulture);
        var (mock, _, sent) = Scripted(TooMany(("Retry-After", date)), Verified());
        using var client = TestClients.Create(mock, clock);

        var call = client.Auth.VerifyAsync();

        Assert.That(await clock.WaitForPendingTimerAsync(), Is.EqualTo(TimeSpan.FromSeconds(5)));
        clock.Advance(TimeSpan.FromSeconds(5));
        await call;
        Assert.That(sent(), Is.EqualTo(2));
    }

    [TestCase("RateLimit-Reset")]
    [TestCase("X-RateLimit-Reset")]
    public async Task SendAsync_429WithResetDeltaAndNoRetryAfter_WaitsTheDelta(string header)
    {
        var clock = new TestClock();
        var (mock, _, sent) = Scripted(TooMany((header, "4")), Verified());
        using var client = TestClients.Create(mock, clock);

        var call = client.Auth.VerifyAsync();

        Assert.That(await clock.WaitForPendingTimerAsync(), Is.EqualTo(TimeSpan.FromSeconds(4)));
        clock.Advance(TimeSpan.FromSeconds(4));
        await call;
        Assert.That(sent(), Is.EqualTo(2));
    }

    [TestCase("RateLimit-Reset")]
    [TestCase("X-RateLimit-Reset")]
    public async Task SendAsync_429WithResetEpochAndNoRetryAfter_WaitsUntilThatTime(string header)
    {
        var clock = new TestClock();
        var epoch = (clock.GetUtcNow() + TimeSpan.FromSeconds(7)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var (mock, _, sent) = Scripted(TooMany((header, epoch)), Verified());
        using var client = TestClients.Create(mock, clock);

        var call = client.Auth.VerifyAsync();

        Assert.That(await clock.WaitForPendingTimerAsync(), Is.EqualTo(TimeSpan.FromSeconds(7)));
        clock.Advance(TimeSpan.FromSeconds(7));
        await call;
        Assert.That(sent(), Is.EqualTo(2));
    }

    [Test]
    public void SendAsync_RequestedWaitLongerThanRemainingTotalTimeout_ThrowsRateLimitedAtOnce()
    {
        var clock = new TestClock();
        var (mock, _, sent) = Scripted(TooMany(("Retry-After", "20")), Verified());
        using var client = TestClients.Create(mock, clock, o => o.TotalTimeout = TimeSpan.FromSeconds(10));

        var thrown = Assert.ThrowsAsync<RateLimitedException>(() => client.Auth.VerifyAsync());

        Assert.That(thrown!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(thrown.Message, Does.Contain("TotalTimeout"));
        Assert.That(sent(), Is.EqualTo(1));
        Assert.That(clock.RequestedDelays, Is.EqualTo(new[] { TimeSpan.FromSeconds(10) }), "only the TotalTimeout timer, no backoff");
    }

    [Test]
    public async Task SendAsync_CancelledDuringBackoff_EndsPromptlyWithoutAnotherRequest()
    {
        var clock = new TestClock();
        var (mock, _, sent) = Scripted(Responses.Json(503, """{"error":"Service unavailable"}"""), Verified());
        using var client = TestClients.Create(mock, clock);
        using var cancellation = new CancellationTokenSource();

        var call = client.Auth.VerifyAsync(cancellation.Token);
        await clock.WaitForPendingTimerAsync();
        await cancellation.CancelAsync();

        Assert.That(() => call, Throws.InstanceOf<OperationCanceledException>());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(sent(), Is.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_CancelledDuringAFirstAttemptUnderItsTimer_ThrowsOperationCanceledAndLeavesNoTimer()
    {
        var clock = new TestClock();
        var transport = new HangingHandler();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.AttemptTimeout = TimeSpan.FromSeconds(5)), transport);
        using var cancellation = new CancellationTokenSource();

        var call = client.Auth.VerifyAsync(cancellation.Token);
        Assert.That(await clock.WaitForPendingTimerAsync(), Is.EqualTo(TimeSpan.FromSeconds(5)), "the first attempt's timer");
        await cancellation.CancelAsync();

        Assert.That(() => call, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(transport.Calls, Is.EqualTo(1), "not retried");
        Assert.That(clock.PendingTimerCount, Is.Zero, "the attempt's timer was stopped");
    }

    [Test]
    public async Task SendAsync_AfterACallAnsweredWithinItsAttemptTimeout_TheNextCallsAttemptTimesOutOnTime()
    {
        var clock = new TestClock();
        var transport = new AnswersOnceThenHangs();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => (o.AttemptTimeout, o.Retry.MaxRetries) = (TimeSpan.FromSeconds(5), 0)), transport);
        await client.Auth.VerifyAsync();
        Assert.That(clock.PendingTimerCount, Is.Zero, "the answered attempt's timer was stopped");

        var call = client.Auth.VerifyAsync();
        Assert.That(await clock.WaitForPendingTimerAsync(), Is.EqualTo(TimeSpan.FromSeconds(5)));
        clock.Advance(TimeSpan.FromSeconds(5));

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => call);
        Assert.That(thrown!.IsTimeout, Is.True);
        Assert.That(thrown.Message, Does.Contain("AttemptTimeout"));
        Assert.That(transport.Calls, Is.EqualTo(2));
    }

    [Test]
    public void SendAsync_PostWithoutIdempotencyKeyGets503_IsNotRetried()
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var post = mock.When(HttpMethod.Post, TestClients.BaseUrl + "/webhooks/test").Respond(_ => Responses.Json(503, """{"error":"Service unavailable"}"""));
        using var client = TestClients.Create(mock, clock);

        var thrown = Assert.ThrowsAsync<ServerErrorException>(() => client.Webhooks.SendTestAsync("w-1"));

        Assert.That(mock.GetMatchCount(post), Is.EqualTo(1));
        Assert.That(thrown!.RetryCount, Is.Zero);
        Assert.That(thrown.IdempotencyKey, Is.Null);
    }

    [Test]
    public void SendAsync_PostWithoutIdempotencyKeyConnectionFails_IsNotRetried()
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var post = mock.When(HttpMethod.Post, TestClients.BaseUrl + "/webhooks/test").Throw(new HttpRequestException("Connection refused"));
        using var client = TestClients.Create(mock, clock);

        Assert.ThrowsAsync<UGiftMeTransportException>(() => client.Webhooks.SendTestAsync("w-1"));

        Assert.That(mock.GetMatchCount(post), Is.EqualTo(1));
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(402)]
    [TestCase(403)]
    [TestCase(404)]
    public void SendAsync_ClientErrorOnGet_IsNeverRetried(int status)
    {
        var clock = new TestClock();
        var (mock, _, sent) = Scripted(Responses.Json(status, """{"error":"refused"}"""), Verified());
        using var client = TestClients.Create(mock, clock);

        var thrown = Assert.CatchAsync<UGiftMeException>(() => client.Auth.VerifyAsync());

        Assert.That(thrown!.StatusCode, Is.EqualTo(status));
        Assert.That(sent(), Is.EqualTo(1));
        Assert.That(clock.RequestedDelays, Is.Empty);
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(402)]
    [TestCase(403)]
    [TestCase(404)]
    [TestCase(500)]
    public void SendAsync_OrderCreateWithKeyGetsNonRetryableStatus_IsSentOnce(int status)
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var post = mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Json(status, """{"error":"refused"}"""));
        using var client = TestClients.Create(mock, clock);

        var thrown = Assert.CatchAsync<UGiftMeException>(() => client.Orders.StartAsync(Order()));

        Assert.That(thrown!.StatusCode, Is.EqualTo(status));
        Assert.That(thrown.IdempotencyKey, Is.Not.Null);
        Assert.That(mock.GetMatchCount(post), Is.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_500OnGet_IsRetried()
    {
        var clock = new TestClock();
        var (mock, _, sent) = Scripted(Responses.Json(500, """{"error":"Internal server error"}"""), Verified());
        using var client = TestClients.Create(mock, clock);

        var result = await clock.RunAsync(client.Auth.VerifyAsync());

        Assert.That(sent(), Is.EqualTo(2));
        Assert.That(result.Metadata.RetryCount, Is.EqualTo(1));
    }

    [TestCase(408)]
    [TestCase(429)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    public async Task SendAsync_TransientStatusOnOrderCreateWithKey_IsRetriedWithTheSameKey(int status)
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var keys = new List<string>();
        var responses = new Queue<HttpResponseMessage>([Responses.Json(status, """{"error":"try again"}"""), Responses.Fixture(201, "responses/create-order-201.json")]);
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(request =>
        {
            keys.Add(request.Headers.GetValues("Idempotency-Key").Single());
            return responses.Dequeue();
        });
        using var client = TestClients.Create(mock, clock);

        var operation = await clock.RunAsync(client.Orders.StartAsync(Order()));

        Assert.That(keys, Has.Count.EqualTo(2));
        Assert.That(keys.Distinct(), Has.Exactly(1).Items);
        Assert.That(operation.CreateResponse!.RetryCount, Is.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_Two503sWithoutRetryAfter_LogsEachRetrysOwnBackoffAsItsDelay()
    {
        using var observed = new ObservedCall();
        var clock = new TestClock();
        var (mock, _, _) = Scripted(Responses.Json(503, """{"error":"busy"}"""), Responses.Json(503, """{"error":"busy"}"""), Verified());
        using var client = TestClients.Create(mock, clock, o => o.LoggerFactory = observed.LoggerFactory);

        await clock.RunAsync(client.Auth.VerifyAsync());

        var backoffs = clock.RequestedDelays.Select(delay => delay.TotalMilliseconds).ToList();
        var logged = observed.Logs.GetSnapshot().Where(r => r.Id.Id == 3)
            .Select(r => double.Parse(r.GetStructuredStateValue("DelayMilliseconds")!, CultureInfo.InvariantCulture)).ToList();
        Assert.That(backoffs, Has.Count.EqualTo(2));
        Assert.That(logged, Is.EqualTo(backoffs).Within(0.001), "each retry's delay is the time since the attempt before it ended, not since the call began");
    }

    [Test]
    public async Task SendAsync_ConnectionFailsOnceOnGet_IsRetriedAndSucceeds()
    {
        var clock = new TestClock();
        var attempts = 0;
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AuthUrl).Respond(_ => ++attempts == 1 ? throw new HttpRequestException("Connection refused") : Verified());
        using var client = TestClients.Create(mock, clock);

        var result = await clock.RunAsync(client.Auth.VerifyAsync());

        Assert.That(attempts, Is.EqualTo(2));
        Assert.That(result.Metadata.RetryCount, Is.EqualTo(1));
    }

    [Test]
    public void SendAsync_ConnectionKeepsFailingOnGet_ThrowsTransportExceptionAfterAllRetries()
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var get = mock.When(HttpMethod.Get, AuthUrl).Throw(new HttpRequestException("Connection refused"));
        using var client = TestClients.Create(mock, clock, o => o.Retry.MaxRetries = 2);

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(client.Auth.VerifyAsync()));

        Assert.That(mock.GetMatchCount(get), Is.EqualTo(3));
        Assert.That(thrown!.RetryCount, Is.EqualTo(2));
        Assert.That(thrown.IsTimeout, Is.False);
        Assert.That(thrown.StatusCode, Is.Null);
        Assert.That(thrown.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(thrown.Message, Does.Contain("Connection refused").And.Contain("after 2 retries").And.Contain("api-stage.ugift.me"));
    }

    [Test]
    public void SendAsync_EveryAttemptTimesOut_RetriesThenThrowsTransportExceptionNamingAttemptTimeout()
    {
        var clock = new TestClock();
        var transport = new HangingHandler();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.AttemptTimeout = TimeSpan.FromSeconds(5)), transport);

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(client.Auth.VerifyAsync()));

        Assert.That(transport.Calls, Is.EqualTo(4));
        Assert.That(thrown!.IsTimeout, Is.True);
        Assert.That(thrown.RetryCount, Is.EqualTo(3));
        Assert.That(thrown.Message, Does.Contain("AttemptTimeout"));
        Assert.That(clock.RequestedDelays.Count(d => d == TimeSpan.FromSeconds(5)), Is.EqualTo(4), "one attempt timer per attempt");
    }

    [Test]
    public async Task SendAsync_FirstAttemptTimesOut_SecondAttemptSucceeds()
    {
        var clock = new TestClock();
        var transport = new HangOnceHandler();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.AttemptTimeout = TimeSpan.FromSeconds(5)), transport);

        var call = client.Auth.VerifyAsync();
        Assert.That(await clock.WaitForPendingTimerAsync(), Is.EqualTo(TimeSpan.FromSeconds(5)), "the attempt timer");
        clock.Advance(TimeSpan.FromSeconds(5));
        var result = await clock.RunAsync(call);

        Assert.That(transport.Calls, Is.EqualTo(2));
        Assert.That(result.Metadata.RetryCount, Is.EqualTo(1));
    }

    [Test]
    public void SendAsync_TotalTimeoutExpires_ThrowsTransportExceptionNamingTotalTimeout()
    {
        var clock = new TestClock();
        var transport = new HangingHandler();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.TotalTimeout = TimeSpan.FromSeconds(10)), transport);

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(client.Auth.VerifyAsync()));

        Assert.That(transport.Calls, Is.EqualTo(1));
        Assert.That(thrown!.IsTimeout, Is.True);
        Assert.That(thrown.Message, Does.Contain("TotalTimeout"));
        Assert.That(clock.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task SendAsync_BothTimeoutsAndAFirstAnswer_AsksForTheAttemptTimerOnly()
    {
        var clock = new TestClock();
        var (mock, _, sent) = Scripted(Verified());
        using var client = TestClients.Create(mock, clock, o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10)));

        await client.Auth.VerifyAsync(); // the clock stands still: no timer fires

        Assert.That(sent(), Is.EqualTo(1));
        Assert.That(clock.RequestedDelays, Is.EqualTo(new[] { TimeSpan.FromSeconds(4) }), "the total timeout cannot end a first attempt the attempt timeout ends first");
    }

    [Test]
    public async Task SendAsync_TotalTimeoutOnlyAnd429_RetriesAfterTheWaitUnderTheTotalTimeout()
    {
        var clock = new TestClock();
        var (mock, _, sent) = Scripted(TooMany(("Retry-After", "2")), Verified());
        using var client = TestClients.Create(mock, clock, o => o.TotalTimeout = TimeSpan.FromSeconds(10));

        var call = client.Auth.VerifyAsync();
        // The total timeout's timer is armed before the wait's: wait until the wait is the next due.
        await clock.WaitUntilSignalledAsync(() => clock.NextDue() == TimeSpan.FromSeconds(2), call);

        clock.Advance(TimeSpan.FromSeconds(2));
        var result = await call;

        Assert.That(sent(), Is.EqualTo(2));
        Assert.That(result.Metadata.RetryCount, Is.EqualTo(1));
        Assert.That(clock.RequestedDelays.Distinct(), Is.EquivalentTo(new[] { TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2) }), "the total timeout (all of it left: the clock stood still) and the wait; no attempt timeout, no backoff");
    }

    [Test]
    public void SendAsync_BothTimeoutsAndAttemptsThatHang_TotalTimeoutEndsTheCallOnTime()
    {
        var clock = new TestClock();
        var transport = new HangingHandler();
        using var client = new UGiftMeClient(
            TestClients.Options(clock, o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10))), transport);

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(client.Auth.VerifyAsync()));

        Assert.That(thrown!.IsTimeout, Is.True);
        Assert.That(thrown.Message, Does.Contain("TotalTimeout"));
        Assert.That(clock.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(clock.RequestedDelays, Does.Contain(TimeSpan.FromSeconds(6)), "the total timeout, armed when the first retry was decided, for what was left of it");
    }

    [Test]
    public void SendAsync_MaxRetriesZero_SendsOnce()
    {
        var clock = new TestClock();
        var (mock, _, sent) = Scripted(Responses.Json(503, "{}"), Verified());
        using var client = TestClients.Create(mock, clock, o => o.Retry.MaxRetries = 0);

        Assert.ThrowsAsync<ServerErrorException>(() => client.Auth.VerifyAsync());

        Assert.That(sent(), Is.EqualTo(1));
    }

    private static (MockHttpMessageHandler Mock, MockedRequest Auth, Func<int> Sent) Scripted(params HttpResponseMessage[] responses)
    {
        var queue = new Queue<HttpResponseMessage>(responses);
        var mock = new MockHttpMessageHandler();
        var auth = mock.When(HttpMethod.Get, AuthUrl).Respond(_ => queue.Dequeue());
        return (mock, auth, () => mock.GetMatchCount(auth));
    }

    private sealed class AnswersOnceThenHangs : HttpMessageHandler
    {
        private readonly HangingHandler _hanging = new();

        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (++Calls == 1)
            {
                return Task.FromResult(Verified());
            }

            using var invoker = new HttpMessageInvoker(_hanging, disposeHandler: false);
            return invoker.SendAsync(request, cancellationToken);
        }
    }

    private sealed class HangOnceHandler : HttpMessageHandler
    {
        private readonly HangingHandler _hanging = new();

        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (++Calls == 1)
            {
                using var invoker = new HttpMessageInvoker(_hanging, disposeHandler: false);
                return invoker.SendAsync(request, cancellationToken);
            }

            return Task.FromResult(Verified());
        }
    }
}
