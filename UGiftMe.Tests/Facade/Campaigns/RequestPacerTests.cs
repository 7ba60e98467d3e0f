using System.Globalization;
using RichardSzalay.MockHttp;
using System.Net;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Campaigns;

/// <summary>
/// The client's pacer on a fake clock, against a fake API with a fixed window per key that answers as the API does
/// (<c>RateLimit-*</c> on every answer, 429 with <c>Retry-After</c> above the limit).
/// </summary>
public sealed class RequestPacerTests
{
    [Test]
    public async Task Campaign_MoreCreatesThanOneWindowAllows_NeverExceedsALimitAndUsesEveryWindowItReaches()
    {
        var clock = new TestClock();
        var server = new FixedWindowApi(clock, limit: 5, window: TimeSpan.FromSeconds(10));
        using var client = new UGiftMeClient(TestClients.Options(clock), server);
        var items = Enumerable.Range(1, 23).Select(i => new CampaignItem($"r{i}", Order())).ToList();
        var campaign = new Campaign(client, new CampaignOptions { CampaignId = "paced", MaxConcurrency = 4 });
        var started = clock.GetUtcNow();

        var outcomes = await clock.RunParkedAsync(Collect(campaign.RunAsync(items)), () => Math.Min(4, 23 - server.ArrivedAt.Count));

        Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(Enumerable.Repeat(CampaignOutcomeKind.Placed, 23)));
        Assert.That(server.Rejected, Is.Zero, "no 429");
        Assert.That(server.PerWindow, Is.All.LessThanOrEqualTo(5));
        Assert.That(clock.GetUtcNow() - started, Is.LessThan(TimeSpan.FromSeconds(50)), "23 cards at 5 a window: done in the fifth window, so at most two slots of the allowance were left unused");
    }

    [Test]
    public async Task OtherCalls_AfterACampaignSwitchedThePacerOn_WaitForTheSameBudget()
    {
        var clock = new TestClock();
        var server = new FixedWindowApi(clock, limit: 3, window: TimeSpan.FromSeconds(10));
        using var client = new UGiftMeClient(TestClients.Options(clock), server);
        var campaign = new Campaign(client, new CampaignOptions { CampaignId = "one", MaxConcurrency = 1 });
        await clock.RunParkedAsync(Collect(campaign.RunAsync([new CampaignItem("r1", Order()), new CampaignItem("r2", Order())])),
            () => Math.Min(1, 2 - server.ArrivedAt.Count));

        await clock.RunParkedAsync(Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.Wallet.ListAsync())), () => 6 - server.ArrivedAt.Count);

        Assert.That(server.Rejected, Is.Zero, "the reads waited for the next window instead of drawing a 429");
        Assert.That(server.PerWindow, Is.EqualTo(new[] { 3, 3 }));
    }

    [Test]
    public async Task Campaign_WithoutRateLimitHeaders_SendsOneRequestUntilTheFirstAnswerThenKeepsTheDocumentedPace()
    {
        var clock = new TestClock();
        var server = new FixedWindowApi(clock, limit: 1000, window: TimeSpan.FromMinutes(1), sendHeaders: false);
        using var client = new UGiftMeClient(TestClients.Options(clock), server);
        var campaign = new Campaign(client, new CampaignOptions { CampaignId = "blind", MaxConcurrency = 4 });
        var started = clock.GetUtcNow();

        await clock.RunParkedAsync(Collect(campaign.RunAsync(Enumerable.Range(1, 6).Select(i => new CampaignItem($"r{i}", Order())).ToList())),
            () => Math.Min(4, 6 - server.ArrivedAt.Count));

        var gaps = server.ArrivedAt.Zip(server.ArrivedAt.Skip(1), (a, b) => b - a).ToList();
        Assert.That(server.ArrivedAt[0], Is.EqualTo(started), "the first request goes at once");
        Assert.That(gaps, Is.All.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)), "never faster than 240 a minute without headers");
        Assert.That(gaps[0], Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(600)), "about the documented 100 a minute at first");
    }

    [TestCase("5184000", TestName = "a reset 60 days away")]
    [TestCase("3600", TestName = "a reset an hour away")]
    public async Task Calls_WhenTheReportedAllowanceIsSpentUntilAResetBeyondTotalTimeout_EndAtOnceWithRateLimitedAndSendNothing(string resetSeconds)
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var creates = mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => SpentUntil(resetSeconds));
        using var client = TestClients.Create(mock, clock, options => options.TotalTimeout = TimeSpan.FromSeconds(100));
        client.Pacer!.Activate();
        await client.Orders.StartAsync(Order());

        var thrown = Assert.ThrowsAsync<RateLimitedException>(() => client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = "single-1" }));

        Assert.That(mock.GetMatchCount(creates), Is.EqualTo(1), "the second create was not sent");
        Assert.That(thrown!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(double.Parse(resetSeconds, CultureInfo.InvariantCulture))));
        Assert.That(thrown.StatusCode, Is.Null, "no response: nothing was sent");
        Assert.That(thrown.IdempotencyKey, Is.EqualTo("single-1"));
        Assert.That(thrown.Message, Does.Contain("was not sent").And.Contain("TotalTimeout"));
        Assert.That(clock.PendingTimerCount, Is.Zero, "no wait was started for it");
    }

    [Test]
    public async Task Wait_ForTheFirstAnswer_CountsTowardTheLongestWait()
    {
        var clock = new TestClock();
        var pacer = new RequestPacer(clock);
        pacer.Activate();
        Assert.That(await pacer.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None), Is.Null, "the first request goes at once");
        var started = clock.GetUtcNow();

        var waits = await clock.RunAsync(Task.WhenAll(pacer.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None), pacer.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None)));

        Assert.That(waits, Is.EquivalentTo(new TimeSpan?[] { null, TimeSpan.FromMilliseconds(600) }),
            "600 ms for the first answer that never came, then one slot at once and the next 600 ms later: past the second's 1 s, so refused");
        Assert.That(clock.GetUtcNow() - started, Is.EqualTo(TimeSpan.FromMilliseconds(600)));
    }

    [Test]
    public async Task Call_PacedForPartOfTotalTimeoutWhoseAttemptThenHangs_TimesOutAtTotalTimeoutFromTheCallsStart()
    {
        var clock = new TestClock();
        var transport = new AnswersOnceThenHangs(SpentUntil("4"));
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.TotalTimeout = TimeSpan.FromSeconds(10)), transport);
        client.Pacer!.Activate();
        await client.Orders.StartAsync(Order());
        var started = clock.GetUtcNow();

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = "paced-1" })));

        Assert.That(clock.GetUtcNow() - started, Is.EqualTo(TimeSpan.FromSeconds(10)), "4 s for the pacer's turn, then 6 s for the attempt");
        Assert.That(clock.RequestedDelays, Does.Contain(TimeSpan.FromSeconds(6)), "the attempt's timer, for what the pacer left of the TotalTimeout");
        Assert.That(transport.Calls, Is.EqualTo(2), "sent once, not retried: nothing was left of the TotalTimeout");
        Assert.That(thrown!.IsTimeout, Is.True);
        Assert.That(thrown.Message, Does.Contain("within UGiftMeClientOptions.TotalTimeout").And.Contain("'paced-1'"), "it was sent: it may have landed");
    }

    [Test]
    public async Task Call_WhosePacerTurnComesWhenItsTotalTimeoutEnds_EndsAsATotalTimeoutAndSendsNothing()
    {
        var clock = new TestClock();
        var transport = new AnswersOnceThenHangs(SpentUntil("10"));
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.TotalTimeout = TimeSpan.FromSeconds(10)), transport);
        client.Pacer!.Activate();
        await client.Orders.StartAsync(Order());
        var started = clock.GetUtcNow();

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = "late-1" })));

        Assert.That(clock.GetUtcNow() - started, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(transport.Calls, Is.EqualTo(1), "the second create was not sent");
        Assert.That(thrown!.IsTimeout, Is.True);
        Assert.That(thrown.StatusCode, Is.Null);
        Assert.That(thrown.Message, Does.Contain("within UGiftMeClientOptions.TotalTimeout").And.Not.Contain("may have been processed"));
    }

    [Test]
    public async Task Campaign_WithoutTotalTimeout_WhenTheAllowanceIsSpentForLongerThanATimerCanWait_StopsSendingAndThrowsNothing()
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var creates = mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => SpentUntil("5184000"));
        using var client = TestClients.Create(mock, clock);
        var campaign = new Campaign(client, new CampaignOptions { CampaignId = "sixty-days", MaxConcurrency = 1 });

        var outcomes = await clock.RunAsync(Collect(campaign.RunAsync([new CampaignItem("r1", Order()), new CampaignItem("r2", Order()), new CampaignItem("r3", Order())])), maxTimers: 100);

        Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(new[] { CampaignOutcomeKind.Placed, CampaignOutcomeKind.Unknown, CampaignOutcomeKind.NotSent }),
            "the refused card is not placed (a run again sends it with its key), and the run stops before the next");
        Assert.That(outcomes[1].Reason, Does.Contain("was not sent"));
        Assert.That(mock.GetMatchCount(creates), Is.EqualTo(1));
    }

    [TestCase(429, "The retry was not sent")]
    [TestCase(503, "Service unavailable")]
    public async Task Campaign_WhenARetryGetsNoTurnWithinTotalTimeout_StopsSendingAtThatItem(int status, string reason)
    {
        var clock = new TestClock();
        // The create fails with a retryable answer, and the window is reported spent for 60 s: the pacer gives its retry
        // no turn within the 10 s TotalTimeout, and the client has no request for the next items either.
        var transport = new AlwaysAnswers(() => Responses.Json(status, """{"message":"Service unavailable"}""",
            ("Retry-After", "1"), ("RateLimit-Limit", "100"), ("RateLimit-Remaining", "0"), ("RateLimit-Reset", "60")));
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.TotalTimeout = TimeSpan.FromSeconds(10)), transport);
        var campaign = new Campaign(client, new CampaignOptions { CampaignId = "held-retry", MaxConcurrency = 1 });

        // Time moves only while the retry waits for its delay: then both it and the call's TotalTimeout timer are pending,
        // whereas while the create is on its way only the attempt's timer is.
        var outcomes = await clock.RunParkedAsync(Collect(campaign.RunAsync([new CampaignItem("r1", Order()), new CampaignItem("r2", Order()), new CampaignItem("r3", Order())])), () => 2);

        Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(new[] { CampaignOutcomeKind.Unknown, CampaignOutcomeKind.NotSent, CampaignOutcomeKind.NotSent }),
            "the run stops at the item whose retry was refused, as when the pacer refuses a first attempt");
        Assert.That(outcomes[0].Reason, Does.Contain(reason));
        Assert.That(transport.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Campaign_WhenTheAllowanceIsSpentUntilTheNextWindow_WaitsForIt()
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var creates = mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => SpentUntil("60"));
        using var client = TestClients.Create(mock, clock);
        var campaign = new Campaign(client, new CampaignOptions { CampaignId = "window", MaxConcurrency = 1 });
        var started = clock.GetUtcNow();

        var outcomes = await clock.RunAsync(Collect(campaign.RunAsync([new CampaignItem("r1", Order()), new CampaignItem("r2", Order())])), maxTimers: 100);

        Assert.That(outcomes.Select(o => o.Kind), Is.All.EqualTo(CampaignOutcomeKind.Placed));
        Assert.That(mock.GetMatchCount(creates), Is.EqualTo(2));
        Assert.That(clock.GetUtcNow() - started, Is.EqualTo(TimeSpan.FromSeconds(60)), "the second create went when the next window began");
    }

    [Test]
    public async Task Calls_ThatNoAnswerReached_GiveTheirSlotsBack_SoTheNextWindowKeepsItsWholeAllowance()
    {
        var clock = new TestClock();
        var server = new FixedWindowApi(clock, limit: 4, window: TimeSpan.FromSeconds(8));
        var transport = new FailsAfterTheFirst(server, failures: 3);
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.Retry.MaxRetries = 0), transport);
        client.Pacer!.Activate();
        await client.Wallet.ListAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(client.Wallet.ListAsync()));
        }

        for (var i = 0; i < 4; i++)
        {
            await clock.RunAsync(client.Wallet.ListAsync());
        }

        Assert.That(transport.Failed, Is.EqualTo(3));
        Assert.That(server.PerWindow, Is.EqualTo(new[] { 1, 4 }),
            "the three calls that failed on their way are not still counted as on their way: the next window's four reads all go in it");
    }

    [Test]
    public async Task Retries_OfPacedCallsWhoseFirstAttemptsGot503_TakeTheirTurnsInTheNextWindow()
    {
        var clock = new TestClock();
        var server = new FixedWindowApi(clock, limit: 2, window: TimeSpan.FromSeconds(10), failFirst: 2);
        using var client = new UGiftMeClient(TestClients.Options(clock), server);
        client.Pacer!.Activate();
        var calls = new[] { client.Wallet.ListAsync(), client.Wallet.ListAsync() };

        await clock.RunParkedAsync(Task.WhenAll(calls), () => calls.Count(c => !c.IsCompleted));

        Assert.That(calls.Select(c => c.Result.Metadata.RetryCount), Is.EqualTo(new[] { 1, 1 }), "each call was retried once, and its retry answered");
        Assert.That(server.Rejected, Is.Zero, "no retry drew a 429");
        Assert.That(server.PerWindow, Is.EqualTo(new[] { 2, 2 }), "the two first attempts spent the first window; both retries waited for the second");
        Assert.That(client.Pacer.Outstanding, Is.Zero, "every attempt's slot was given back by its answer");
        Assert.That(client.Pacer.Granted, Is.EqualTo(4), "every attempt took a slot");
    }

    [Test]
    public async Task Retry_OfAPacedCallWhoseAnswerWasLost_WaitsForItsTurnAndGivesBothSlotsBack()
    {
        var clock = new TestClock();
        var server = new FixedWindowApi(clock, limit: 2, window: TimeSpan.FromSeconds(10));
        var transport = new FailsAfterTheFirst(server, failures: 1);
        using var client = new UGiftMeClient(TestClients.Options(clock), transport);
        client.Pacer!.Activate();
        await client.Wallet.ListAsync();

        var result = await clock.RunAsync(client.Wallet.ListAsync());

        Assert.That(result.Metadata.RetryCount, Is.EqualTo(1));
        Assert.That(transport.Failed, Is.EqualTo(1));
        Assert.That(server.PerWindow, Is.EqualTo(new[] { 1, 1 }),
            "the lost attempt may have spent the first window's last request: its retry waited for the next window");
        Assert.That(client.Pacer.Outstanding, Is.Zero, "the lost attempt's slot and its retry's were both given back");
    }

    [Test]
    public void Retry_WhoseTurnWouldComeAfterTotalTimeout_IsNotSent_AndTheCallEndsWithThePreviousAnswer()
    {
        var clock = new TestClock();
        var server = new FixedWindowApi(clock, limit: 1, window: TimeSpan.FromSeconds(60), failFirst: 1);
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.TotalTimeout = TimeSpan.FromSeconds(10)), server);
        client.Pacer!.Activate();
        var started = clock.GetUtcNow();

        var thrown = Assert.ThrowsAsync<ServerErrorException>(() => clock.RunAsync(client.Wallet.ListAsync()));

        Assert.That(server.ArrivedAt, Has.Count.EqualTo(1), "the retry's turn comes when the window turns in 60 s, after the TotalTimeout: not sent");
        Assert.That(thrown!.StatusCode, Is.EqualTo(503));
        Assert.That(clock.GetUtcNow() - started, Is.LessThan(TimeSpan.FromSeconds(10)), "the call ended when its retry was refused a turn, not at the TotalTimeout");
        Assert.That(client.Pacer.Outstanding, Is.Zero);
    }

    [Test]
    public void Retry_After429_WhoseTurnWouldComeAfterTotalTimeout_IsNotSent_AndTheMessageSaysTheClientHeldIt()
    {
        var clock = new TestClock();
        // The server asks for 1 s, but reports its window spent for 60 s: the pacer's next request is after the TotalTimeout.
        var transport = new AlwaysAnswers(() => Responses.Json(429, """{"message":"Too many requests"}""",
            ("Retry-After", "1"), ("RateLimit-Limit", "100"), ("RateLimit-Remaining", "0"), ("RateLimit-Reset", "60")));
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.TotalTimeout = TimeSpan.FromSeconds(10)), transport);
        client.Pacer!.Activate();

        var thrown = Assert.ThrowsAsync<RateLimitedException>(() => clock.RunAsync(client.Wallet.ListAsync()));

        Assert.That(transport.Calls, Is.EqualTo(1), "the retry was not sent");
        Assert.That(thrown!.StatusCode, Is.EqualTo(429), "the call ends with the answer it got");
        Assert.That(thrown.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(59)), "when the client has a request again (the window's 60 s less the 1 s waited), not the server's 1 s");
        Assert.That(thrown.Message, Does.Contain("The retry was not sent: the rate limit the server last reported leaves this client no request for 00:00:59")
            .And.Contain("remaining UGiftMeClientOptions.TotalTimeout"));
        Assert.That(thrown.Message, Does.Not.Contain("The server asked to wait"));
        Assert.That(client.Pacer.Outstanding, Is.Zero);
    }

    [Test]
    public async Task Retry_CancelledWhileItWaitsForItsTurn_EndsCancelledAndGivesTheSlotBack()
    {
        var clock = new TestClock();
        var server = new FixedWindowApi(clock, limit: 1, window: TimeSpan.FromSeconds(60), failFirst: 1);
        using var client = new UGiftMeClient(TestClients.Options(clock), server);
        client.Pacer!.Activate();
        using var cancel = new CancellationTokenSource();
        var call = client.Wallet.ListAsync(cancel.Token);
        await clock.AdvanceToNextTimerAsync();
        Assert.That(await clock.WaitForPendingTimerAsync(call), Is.GreaterThan(TimeSpan.FromSeconds(55)), "after its backoff, the retry waits for the next window");

        cancel.Cancel();

        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => call);
        Assert.That(server.ArrivedAt, Has.Count.EqualTo(1));
        Assert.That(client.Pacer.Outstanding, Is.Zero, "the slot the retry waited for went back");
    }

    private static HttpResponseMessage SpentUntil(string resetSeconds) =>
        Responses.Json(201, """{"_id":"o-1","status":"active"}""", ("RateLimit-Limit", "100"), ("RateLimit-Remaining", "0"), ("RateLimit-Reset", resetSeconds));

    private static CreateOrderRequest Order() =>
        new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 10 };

    private static async Task<List<CampaignItemOutcome>> Collect(IAsyncEnumerable<CampaignItemOutcome> outcomes)
    {
        var list = new List<CampaignItemOutcome>();
        await foreach (var outcome in outcomes)
        {
            list.Add(outcome);
        }

        return list;
    }

    /// <summary>Answers the first request with <paramref name="first"/>; every later one hangs until it is cancelled.</summary>
    private sealed class AnswersOnceThenHangs(HttpResponseMessage first) : HttpMessageHandler
    {
        private readonly HangingHandler _hanging = new();

        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (++Calls == 1)
            {
                return Task.FromResult(first);
            }

            using var invoker = new HttpMessageInvoker(_hanging, disposeHandler: false);
            return invoker.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Answers every request at once (synchronously) with a new response from <paramref name="respond"/>.</summary>
    private sealed class AlwaysAnswers(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(respond());
        }
    }

    /// <summary>Passes the first request to <paramref name="api"/>, fails the next <paramref name="failures"/> on their way, then passes the rest.</summary>
    private sealed class FailsAfterTheFirst(HttpMessageHandler api, int failures) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _api = new(api);
        private int _calls;

        public int Failed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (++_calls > 1 && Failed < failures)
            {
                Failed++;
                throw new HttpRequestException("Connection refused");
            }

            return _api.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            _api.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// A fixed window per key on the fake clock, counting what arrives in each window; the first <c>failFirst</c>
    /// requests within the limit are answered 503 (with the window's headers).
    /// </summary>
    private sealed class FixedWindowApi(TestClock clock, int limit, TimeSpan window, bool sendHeaders = true, int failFirst = 0) : HttpMessageHandler
    {
        private readonly object _gate = new();
        private readonly DateTimeOffset _start = clock.GetUtcNow();
        private int _orders;

        public List<int> PerWindow { get; } = [];

        public List<DateTimeOffset> ArrivedAt { get; } = [];

        public int Rejected { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var served = clock.ServeRequest();
            lock (_gate)
            {
                var now = clock.GetUtcNow();
                ArrivedAt.Add(now);
                var index = (int)((now - _start).Ticks / window.Ticks);
                while (PerWindow.Count <= index)
                {
                    PerWindow.Add(0);
                }

                var reset = ((int)Math.Ceiling((_start + (window * (index + 1)) - now).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                if (PerWindow[index] >= limit)
                {
                    Rejected++;
                    return Task.FromResult(Responses.Json(429, """{"error":"Too many requests"}""",
                        ("Retry-After", reset), ("RateLimit-Limit", $"{limit}"), ("RateLimit-Remaining", "0"), ("RateLimit-Reset", reset)));
                }

                PerWindow[index]++;
                (string, string)[] headers = sendHeaders
                    ? [("RateLimit-Limit", $"{limit}"), ("RateLimit-Remaining", $"{limit - PerWindow[index]}"), ("RateLimit-Reset", reset)]
                    : [];
                var response = --failFirst >= 0
                    ? Responses.Json(HttpStatusCode.ServiceUnavailable, """{"error":"Service unavailable"}""", headers)
                    : request.Method == HttpMethod.Post
                    ? Responses.Json(HttpStatusCode.Created, $$"""{"_id":"order{{++_orders}}","productCode":"AMAZON_UK_STD","merchant":{"name":"Amazon UK"},"currency":"GBP","valuePurchased":10}""", headers)
                    : Responses.Json(HttpStatusCode.OK, """[{"currency":"GBP","balance":100}]""", headers);
                return Task.FromResult(response);
            }
        }
    }
}
