using System.Net;
using Newtonsoft.Json.Linq;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;
using Step = UGiftMe.Tests.TestSupport.ScriptedOrderRequests.Step;

namespace UGiftMe.Tests.Facade.Orders;

public sealed class OrderOperationTests : MockedClientTest
{
    private const string Queued202 = """{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"queued"}""";
    private const string FundsFailure = "Insufficient available balance. Required: 50, Available: 10 GBP";

    private static string OrderJson => DocumentedFixture.Load("responses/create-order-201.json").BodyText;

    private static string BulkJson => DocumentedFixture.Load("responses/bulk-order-201.json").BodyText;

    [Test]
    public async Task StartAsync_201_IsCompleteAndNeverPolls()
    {
        RespondToCreate(HttpStatusCode.Created, OrderJson);
        var polls = Mock.When(HttpMethod.Get, "*").Respond(HttpStatusCode.InternalServerError);

        var operation = await Client.Orders.StartAsync(Order());
        var order = await operation.WaitForCompletionAsync();

        Assert.That(operation.HasCompleted && operation.HasValue, Is.True);
        Assert.That(operation.OrderRequestId, Is.Null);
        Assert.That(order.Merchant!.VoucherCode, Is.EqualTo("XXXX-XXXX-XXXX-XXXX"));
        Assert.That(Mock.GetMatchCount(polls), Is.Zero);
        Assert.That(Clock.RequestedDelays, Is.Empty, "a synchronous order waits on nothing");
    }

    [Test]
    public async Task WatchAsync_202ThenQueuedProcessingSucceeded_YieldsEachStatusOnceAndReadsTheOrder()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        var server = new ScriptedOrderRequests(Mock, Clock, (poll, _) => poll switch
        {
            1 => Step.Queued,
            2 or 3 => Step.Processing,
            _ => Step.Succeeded(OrderJson),
        });

        var operation = await Client.Orders.StartAsync(Order());
        var statuses = await Clock.RunAsync(Collect(operation.WatchAsync()));

        Assert.That(statuses, Is.EqualTo(new[] { "queued", "processing", "succeeded" }));
        Assert.That(operation.OrderRequestId, Is.EqualTo(ScriptedOrderRequests.OrderRequestId));
        Assert.That(operation.Value.Id, Is.EqualTo("65b0d1e2f3a4b56789012345"));
        Assert.That(server.Polls, Is.EqualTo(4));
        Assert.That(operation.PollCount, Is.EqualTo(4));
    }

    [Test]
    public async Task WaitForCompletionAsync_202ThenFailedForFunds_ThrowsInsufficientFundsWithTheAmounts()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        _ = new ScriptedOrderRequests(Mock, Clock, (poll, _) => poll == 1 ? Step.Processing : Step.Failed(FundsFailure));

        var operation = await Client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = "po-42" });
        var failure = await CatchAsync<InsufficientFundsException>(Clock.RunAsync(operation.WaitForCompletionAsync()));

        Assert.That(failure.OrderRequestId, Is.EqualTo(ScriptedOrderRequests.OrderRequestId));
        Assert.That(failure.FailureReason, Is.EqualTo(FundsFailure));
        Assert.That((failure.Required, failure.Available, failure.Currency), Is.EqualTo((50m, 10m, "GBP")));
        Assert.That(failure.Shortfall, Is.EqualTo(40m));
        Assert.That(failure.IdempotencyKey, Is.EqualTo("po-42"));
        Assert.That(failure.Message, Does.Contain(FundsFailure));
    }

    [TestCase(true, TestName = "CreateAndWaitAsync_AsyncFundsFailure_IsCaughtAsInsufficientFunds")]
    [TestCase(false, TestName = "CreateAndWaitAsync_Sync402_IsCaughtAsInsufficientFunds")]
    public async Task CreateAndWaitAsync_EitherFundsFailure_OneCatchHandlesBoth(bool asynchronous)
    {
        if (asynchronous)
        {
            RespondToCreate(HttpStatusCode.Accepted, Queued202);
            _ = new ScriptedOrderRequests(Mock, Clock, (_, _) => Step.Failed(FundsFailure));
        }
        else
        {
            RespondToCreate(HttpStatusCode.PaymentRequired, DocumentedFixture.Load("errors/402-insufficient-funds.json").BodyText);
        }

        decimal? shortfall = null;
        try
        {
            await Clock.RunAsync(Client.Orders.CreateAndWaitAsync(Order()));
        }
        catch (InsufficientFundsException e)
        {
            shortfall = e.Shortfall;
            Assert.That(e.OrderRequestId, asynchronous ? Is.EqualTo(ScriptedOrderRequests.OrderRequestId) : Is.Null);
        }

        Assert.That(shortfall, Is.EqualTo(40m));
    }

    [Test]
    public async Task WaitForCompletionAsync_FailedForAnotherReason_ThrowsOrderFailedWithTheServerText()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        _ = new ScriptedOrderRequests(Mock, Clock, (_, _) => Step.Failed("Merchant rejected the voucher"));

        var operation = await Client.Orders.StartAsync(Order());
        var failure = await CatchAsync<OrderFailedException>(Clock.RunAsync(operation.WaitForCompletionAsync()));

        Assert.That(failure, Is.Not.InstanceOf<InsufficientFundsException>());
        Assert.That(failure.FailureReason, Is.EqualTo("Merchant rejected the voucher"));
        Assert.That(() => operation.Value, Throws.InvalidOperationException.With.Message.Contains("failed"));
    }

    [Test]
    public async Task StartBulkAsync_201WithRejectedItems_SurfacesOrdersRejectionsAndSummary()
    {
        Mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders/bulk").Respond(HttpStatusCode.Created, "application/json", BulkJson);

        var result = await Client.Orders.CreateBulkAndWaitAsync([Order(), Order("UNKNOWN_CODE")]);

        Assert.That(result.Orders.Select(o => o.ProductCode), Is.EqualTo(new[] { "AMAZON_UK_STD", "JL_UK_STD" }));
        Assert.That(result.IsPartial, Is.True);
        Assert.That(result.RejectedOrders.Single().Reason, Is.EqualTo("Product not found"));
        Assert.That(result.Summary!.TotalValue, Is.EqualTo(75m));
        Assert.That(result.Summary.RemainingBalance, Is.EqualTo(1925.5m));
    }

    [Test]
    public async Task StartBulkAsync_202ThenSucceeded_ReadsTheBulkResultFromTheQueueStatus()
    {
        Mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders/bulk").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        _ = new ScriptedOrderRequests(Mock, Clock, (poll, _) => poll < 3 ? Step.Processing : Step.Succeeded(BulkJson, "bulk"));

        var operation = await Client.Orders.StartBulkAsync([Order(), Order("UNKNOWN_CODE")]);
        var result = await Clock.RunAsync(operation.WaitForCompletionAsync());

        Assert.That(result.Orders, Has.Count.EqualTo(2));
        Assert.That(result.RejectedOrders.Single().ProductCode, Is.EqualTo("UNKNOWN_CODE"));
        Assert.That(result.Raw!["summary"]!["totalOrders"]!.Value<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task WaitForCompletionAsync_NeverFinishes_ThrowsAfterTheTimeoutNamingTheOption()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        var server = new ScriptedOrderRequests(Mock, Clock, (_, _) => Step.Processing);
        var options = new OrderCreateOptions { Polling = new OrderPollingOptions { Timeout = TimeSpan.FromSeconds(30) } };

        var operation = await Client.Orders.StartAsync(Order(), options);
        var timeout = await CatchAsync<OrderWaitTimeoutException>(Clock.RunAsync(operation.WaitForCompletionAsync()));

        Assert.That(timeout.Message, Does.Contain("OrderPollingOptions.Timeout"));
        Assert.That(timeout.OrderRequestId, Is.EqualTo(ScriptedOrderRequests.OrderRequestId));
        Assert.That(timeout.LastStatus, Is.EqualTo("processing"));
        Assert.That(server.PollTimes[^1], Is.EqualTo(TimeSpan.FromSeconds(30)), "the last poll happens at the deadline, not after it");
    }

    [Test]
    public void StartAsync_PerCallPollingBeyondATimer_IsRefusedBeforeSending()
    {
        var create = Mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        var options = new OrderCreateOptions { Polling = new OrderPollingOptions { InitialDelay = TimeSpan.FromDays(50), Timeout = TimeSpan.FromDays(60) } };

        var refused = Assert.ThrowsAsync<ArgumentException>(() => Client.Orders.StartAsync(Order(), options));

        Assert.That(refused!.Message, Does.Contain("OrderPollingOptions.InitialDelay must be at most").And.Contain("OrderPollingOptions.Timeout must be at most"));
        Assert.That(Mock.GetMatchCount(create), Is.Zero, "nothing was sent");
    }

    [Test]
    public async Task WaitForCompletionAsync_CancelledWhileWaiting_StopsPromptlyWithoutAnotherPoll()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        var server = new ScriptedOrderRequests(Mock, Clock, (_, _) => Step.Processing);
        var operation = await Client.Orders.StartAsync(Order());
        using var cancellation = new CancellationTokenSource();

        var wait = operation.WaitForCompletionAsync(cancellation.Token);
        await Clock.AdvanceToNextTimerAsync();
        await TestClock.WaitUntilAsync(() => server.Polls == 1, "the first poll");
        await Clock.WaitForPendingTimerAsync();
        await cancellation.CancelAsync();

        Assert.That(async () => await wait, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(server.Polls, Is.EqualTo(1));
    }

    [Test]
    public async Task Resume_FromAFreshClient_PollsAtOnceAndReturnsTheOrder()
    {
        var server = new ScriptedOrderRequests(Mock, Clock, (poll, _) => poll < 2 ? Step.Processing : Step.Succeeded(OrderJson));
        using var freshClient = TestClients.Create(Mock, Clock);

        var operation = freshClient.Orders.Resume(ScriptedOrderRequests.OrderRequestId);
        var order = await Clock.RunAsync(operation.WaitForCompletionAsync());

        Assert.That(order.Id, Is.EqualTo("65b0d1e2f3a4b56789012345"));
        Assert.That(server.PollTimes[0], Is.EqualTo(TimeSpan.Zero), "a resumed operation asks at once");
        Assert.That(operation.IdempotencyKey, Is.Null);
    }

    [Test]
    public async Task WatchAsync_UnknownStatus_IsYieldedAndTreatedAsRunning()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        _ = new ScriptedOrderRequests(Mock, Clock, (poll, _) => poll switch
        {
            1 => new Step("awaiting_stock"),
            2 => new Step("ON_HOLD"),
            _ => Step.Succeeded(OrderJson),
        });

        var operation = await Client.Orders.StartAsync(Order());
        var statuses = await Clock.RunAsync(Collect(operation.WatchAsync()));

        Assert.That(statuses, Is.EqualTo(new[] { "queued", "awaiting_stock", "ON_HOLD", "succeeded" }));
    }

    [Test]
    public async Task WaitForCompletionAsync_Transient503sWhilePolling_KeepsPollingAndSucceeds()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        var server = new ScriptedOrderRequests(Mock, Clock, (poll, _) => poll switch
        {
            <= 6 => Step.Unavailable,
            _ => Step.Succeeded(OrderJson),
        });

        var operation = await Client.Orders.StartAsync(Order());
        var order = await Clock.RunAsync(operation.WaitForCompletionAsync());

        Assert.That(order.Id, Is.EqualTo("65b0d1e2f3a4b56789012345"));
        Assert.That(server.Polls, Is.EqualTo(7), "each 503 was retried by the pipeline, then by the polling loop");
    }

    [TestCase("7", 7)]
    [TestCase("Thu, 01 Jan 2026 00:00:13 GMT", 12)]
    public async Task WaitForCompletionAsync_PollAnsweredWithRetryAfter_WaitsAsLongAsAsked(string retryAfter, double expectedGapSeconds)
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        var server = new ScriptedOrderRequests(Mock, Clock, (poll, _) => poll == 1 ? Step.Processing with { RetryAfter = retryAfter } : Step.Succeeded(OrderJson));

        var operation = await Client.Orders.StartAsync(Order());
        await Clock.RunAsync(operation.WaitForCompletionAsync());

        Assert.That(server.PollTimes[1] - server.PollTimes[0], Is.EqualTo(TimeSpan.FromSeconds(expectedGapSeconds)));
    }

    [Test]
    public async Task WaitForCompletionAsync_RetryAfterBeyondTheCeiling_IsCappedAtMaxRetryAfter()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        var server = new ScriptedOrderRequests(Mock, Clock, (poll, _) => poll == 1 ? Step.Processing with { RetryAfter = "3600" } : Step.Succeeded(OrderJson));

        var operation = await Client.Orders.StartAsync(Order());
        await Clock.RunAsync(operation.WaitForCompletionAsync());

        Assert.That(server.PollTimes[1] - server.PollTimes[0], Is.EqualTo(new UGiftMeClientOptions().Retry.MaxRetryAfter));
    }

    [Test]
    public async Task WaitForCompletionAsync_ResultIsOnlyAnOrderId_FetchesTheOrder()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        _ = new ScriptedOrderRequests(Mock, Clock, (_, _) => Step.Succeeded("""{"orderId":"65b0d1e2f3a4b56789012345"}"""));
        Mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders/65b0d1e2f3a4b56789012345").Respond("application/json", OrderJson);

        var order = await Clock.RunAsync(Client.Orders.CreateAndWaitAsync(Order()));

        Assert.That(order.TransactionId, Is.EqualTo("txn_01HZZ9K2M4P8Q6R7S8T9V0W1X"));
    }

    [Test]
    public void WaitForCompletionAsync_ResultThatNamesNoOrder_ThrowsUnreadableWithTheKeyAndEveryMember()
    {
        RespondToCreate(HttpStatusCode.Accepted, Queued202);
        _ = new ScriptedOrderRequests(Mock, Clock, (_, _) => Step.Succeeded("""{"batch":"b-7","vouchers":[{"code":"X"}]}"""));

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => Clock.RunAsync(Client.Orders.CreateAndWaitAsync(Order(), new OrderCreateOptions { IdempotencyKey = "k-arbitrary" })));

        Assert.That(thrown!.IdempotencyKey, Is.EqualTo("k-arbitrary"));
        Assert.That(thrown.Message, Does.Contain("names no order").And.Contain("The order exists"));
        Assert.That((string?)thrown.Details?["batch"], Is.EqualTo("b-7"), "the result is kept for the caller to read");
        Assert.That(thrown.Details?["vouchers"], Is.Not.Null);
    }

    [Test]
    public async Task CreateAndWaitAsync_SameBusinessReferenceAfterACrash_ResendsTheSameKeyAndGetsTheOriginalOrder()
    {
        var ordersCreated = new Dictionary<string, string>();
        Mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(request =>
        {
            var key = request.Headers.GetValues("Idempotency-Key").Single();
            lock (ordersCreated)
            {
                var replay = ordersCreated.ContainsKey(key);
                ordersCreated.TryAdd(key, "65b0d1e2f3a4b56789012345");
                return replay
                    ? ScriptedOrderRequests.Json(HttpStatusCode.Created, OrderJson)
                    : ScriptedOrderRequests.Json(HttpStatusCode.Accepted, Queued202);
            }
        });
        var options = new OrderCreateOptions { BusinessReference = "PO-2026-0042" };

        var beforeCrash = await Client.Orders.StartAsync(Order(), options);
        using var afterRestart = TestClients.Create(Mock, Clock);
        var order = await afterRestart.Orders.CreateAndWaitAsync(Order(), new OrderCreateOptions { BusinessReference = "PO-2026-0042" });

        Assert.That(ordersCreated, Has.Count.EqualTo(1), "one key, so the server created one order");
        Assert.That(beforeCrash.IdempotencyKey, Is.EqualTo(ordersCreated.Keys.Single()));
        Assert.That(order.Id, Is.EqualTo("65b0d1e2f3a4b56789012345"));
    }

    [Test]
    public void StartAsync_InvalidOrder_ThrowsBeforeSendingWithEveryProblemNamed()
    {
        var bad = new CreateOrderRequest { ProductCode = " ", Merchant = "Amazon UK", Currency = "POUNDS", ValuePurchased = 0, RecipientEmail = "alex" };
        var anything = Mock.When("*").Respond(HttpStatusCode.Created);

        var error = Assert.ThrowsAsync<ArgumentException>(() => Client.Orders.StartAsync(bad));

        Assert.That(error!.Message, Does.Contain("ProductCode").And.Contain("Currency").And.Contain("ValuePurchased").And.Contain("RecipientEmail"));
        Assert.That(Mock.GetMatchCount(anything), Is.Zero);
    }

    [Test]
    public void StartAsync_BothKeyAndBusinessReference_IsRefused()
    {
        var options = new OrderCreateOptions { IdempotencyKey = "k", BusinessReference = "PO-1" };

        Assert.That(() => Client.Orders.StartAsync(Order(), options), Throws.ArgumentException.With.Message.Contains("not both"));
    }

    [TestCase(256, "at most 255 characters")]
    [TestCase(0, "non-empty printable ASCII without spaces")]
    public void StartAsync_OwnIdempotencyKeyOutsideTheSpecsLimits_IsRefusedBeforeSending(int length, string expected)
    {
        var anything = Mock.When("*").Respond(HttpStatusCode.Created);
        var options = new OrderCreateOptions { IdempotencyKey = new string('k', length) };

        var error = Assert.ThrowsAsync<ArgumentException>(() => Client.Orders.StartAsync(Order(), options));

        Assert.That(error!.Message, Does.Contain("OrderCreateOptions.IdempotencyKey").And.Contain(expected));
        Assert.That(Mock.GetMatchCount(anything), Is.Zero);
    }

    [TestCase("po 42")]
    [TestCase("po-42\u00e9")]
    public void StartAsync_OwnIdempotencyKeyWithSpaceOrNonAscii_IsRefusedBeforeSending(string key)
    {
        var anything = Mock.When("*").Respond(HttpStatusCode.Created);
        var options = new OrderCreateOptions { IdempotencyKey = System.Text.RegularExpressions.Regex.Unescape(key) };

        var error = Assert.ThrowsAsync<ArgumentException>(() => Client.Orders.StartAsync(Order(), options));

        Assert.That(error!.Message, Does.Contain("OrderCreateOptions.IdempotencyKey must be non-empty printable ASCII without spaces"));
        Assert.That(Mock.GetMatchCount(anything), Is.Zero);
    }

    [Test]
    public async Task StartAsync_OwnIdempotencyKeyOfExactly255Characters_IsSent()
    {
        var key = new string('k', 255);
        Mock.Expect(HttpMethod.Post, "*/api/v1/business/orders").WithHeaders("Idempotency-Key", key)
            .Respond(_ => Responses.Json(201, """{"_id":"65b0d1e2f3a4b56789012345","status":"active"}"""));

        var operation = await Client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = key });

        Assert.That(operation.OrderRequestId, Is.Null, "201: created at once");
        Mock.VerifyNoOutstandingExpectation();
    }

    internal static CreateOrderRequest Order(string productCode = "AMAZON_UK_STD") => new()
    {
        ProductCode = productCode,
        Merchant = "Amazon UK",
        Currency = "GBP",
        ValuePurchased = 50,
    };

    private static async Task<List<string>> Collect(IAsyncEnumerable<OrderStatusUpdate> updates)
    {
        var statuses = new List<string>();
        await foreach (var update in updates)
        {
            statuses.Add(update.Status);
        }

        return statuses;
    }

    private static async Task<T> CatchAsync<T>(Task task) where T : Exception
    {
        try
        {
            await task;
        }
        catch (T expected)
        {
            return expected;
        }

        Assert.Fail($"Expected {typeof(T).Name}.");
        return null!;
    }

    private void RespondToCreate(HttpStatusCode status, string json) =>
        Mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(status, "application/json", json);
}
