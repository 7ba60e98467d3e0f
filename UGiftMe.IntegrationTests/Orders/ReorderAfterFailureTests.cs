namespace UGiftMe.IntegrationTests.Orders;

/// <summary>
/// The README's rule for ordering again after a definitive failure, walked end to end on an async account over real
/// HTTP: a key UGiftMe accepted is spent (resending it replays its answer, also a failure), the next attempt's key
/// orders, and a process that crashes and rebuilds the request with the same reference and attempt never orders twice.
/// </summary>
public class ReorderAfterFailureTests : IntegrationTest
{
    private const string Reference = "PO-7001";

    private static void AsyncWithFunds(SandboxOptions sandbox, decimal balance)
    {
        sandbox.OrdersAsync = true;
        sandbox.OrderWorker.QueuedDuration = TimeSpan.FromSeconds(1);
        sandbox.OrderWorker.ProcessingDuration = TimeSpan.FromSeconds(1);
        sandbox.Wallet.InitialBalance = balance;
    }

    [Test]
    public async Task AsyncAccount_FundsShortThenTopUp_NextAttemptOrdersOnceAndAttemptOneOnlyReplaysTheFailure()
    {
        var clock = new TestClock();
        var harness = await StartAsync(s => AsyncWithFunds(s, balance: 10m), clock: clock);
        var attempt1 = new OrderCreateOptions { BusinessReference = Reference };

        var failure = await CatchAsync<InsufficientFundsException>(clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), attempt1)));
        harness.Sandbox.FundWallet(100m);
        var replayedFailure = await CatchAsync<InsufficientFundsException>(clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), attempt1)));
        var nextKey = IdempotencyKey.NextAttempt(failure.IdempotencyKey!);
        var order = await clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), new OrderCreateOptions { BusinessReference = Reference, Attempt = 2 }));
        var replayedFailureAfterOrder = await CatchAsync<InsufficientFundsException>(clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), attempt1)));

        Assert.That(failure.IdempotencyKey, Is.EqualTo(IdempotencyKey.FromReference(Reference)));
        Assert.That(failure.Message, Does.Contain("none will").And.Contain("only replays this failure").And.Contain($"'{nextKey}'"));
        Assert.That(replayedFailure.OrderRequestId, Is.EqualTo(failure.OrderRequestId), "attempt 1 after the top-up replays the failed request");
        Assert.That(replayedFailureAfterOrder.OrderRequestId, Is.EqualTo(failure.OrderRequestId), "attempt 1 never orders, even after attempt 2 did");
        Assert.That(nextKey, Is.EqualTo(IdempotencyKey.FromReference(Reference, 2)), "NextAttempt(e.IdempotencyKey) and Attempt = 2 are the same key");
        var created = harness.Sandbox.State.Orders.Single();
        Assert.That(created.Id, Is.EqualTo(order.Id));
        Assert.That(created.IdempotencyKey, Is.EqualTo(nextKey));
        Assert.That(harness.Sandbox.State.OrderRequests.Select(r => r.Status), Is.EqualTo(new[] { "failed", "succeeded" }));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(60m), "10 + 100 top-up - one 50 order");
    }

    [Test]
    public async Task AsyncAccount_ProcessRestartsWithoutItsAttemptCounter_WalkingUpFromOneFindsTheOrderWithoutASecond()
    {
        var clock = new TestClock();
        var harness = await StartAsync(s => AsyncWithFunds(s, balance: 10m), clock: clock);
        await CatchAsync<InsufficientFundsException>(clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), new OrderCreateOptions { BusinessReference = Reference })));
        harness.Sandbox.FundWallet(100m);
        var order = await clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), new OrderCreateOptions { BusinessReference = Reference, Attempt = 2 }));

        // The process crashed and lost the attempt number: the rebuilt one walks up from attempt 1.
        var restarted = harness.CreateClient(harness.Sandbox.ApiKey);
        BusinessOrder? found = null;
        var attempt = 1;
        for (; found is null && attempt <= 5; attempt++)
        {
            try
            {
                found = await clock.RunAsync(restarted.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), new OrderCreateOptions { BusinessReference = Reference, Attempt = attempt }));
            }
            catch (OrderFailedException)
            {
            }
        }

        Assert.That(found?.Id, Is.EqualTo(order.Id));
        Assert.That(attempt - 1, Is.EqualTo(2), "attempt 1 replayed its failure, attempt 2 replayed its order");
        Assert.That(harness.Sandbox.State.Orders, Has.Count.EqualTo(1));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(60m));
    }

    [Test]
    public async Task AsyncAccount_AnswerToTheNextAttemptLost_RebuiltProcessResendingTheSameAttemptGetsTheOneOrder()
    {
        var clock = new TestClock();
        var harness = await StartAsync(s => AsyncWithFunds(s, balance: 10m), clock: clock, client: c => c.Retry.MaxRetries = 0);
        await CatchAsync<InsufficientFundsException>(clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), new OrderCreateOptions { BusinessReference = Reference })));
        harness.Sandbox.FundWallet(100m);
        var attempt2 = new OrderCreateOptions { BusinessReference = Reference, Attempt = 2 };
        harness.Sandbox.Faults.Enqueue(SandboxFault.ServerErrorAfterWork);

        var lost = await CatchAsync<ServerErrorException>(clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), attempt2)));
        var restarted = harness.CreateClient(harness.Sandbox.ApiKey);
        var order = await clock.RunAsync(restarted.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), new OrderCreateOptions { BusinessReference = Reference, Attempt = 2 }));

        Assert.That(lost.Message, Does.Contain($"(an order may exist): resending with Idempotency-Key '{IdempotencyKey.FromReference(Reference, 2)}' is safe"));
        Assert.That(harness.Sandbox.State.Orders.Single().Id, Is.EqualTo(order.Id));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(60m));
    }

    [Test]
    public async Task AsyncAccount_RebuiltRequestDiffersFromTheFirst_IsRefusedWithoutOrderingAndTheMessageSaysNotToUseANewKey()
    {
        var clock = new TestClock();
        var harness = await StartAsync(s => AsyncWithFunds(s, balance: 100m), clock: clock);
        var options = new OrderCreateOptions { BusinessReference = Reference };
        var order = await clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options));

        // After a crash the request was rebuilt slightly differently (another amount) under the same reference.
        var reused = await CatchAsync<IdempotencyKeyReusedException>(clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(45), options)));
        var exactResend = await clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options));

        Assert.That(reused.IdempotencyKey, Is.EqualTo(IdempotencyKey.FromReference(Reference)));
        Assert.That(reused.Message, Does.Contain("an order (or a queued request) may already exist")
            .And.Contain("Do not place this order again under a new key until you know")
            .And.Contain("resend the exact payload first sent with this key"));
        Assert.That(exactResend.Id, Is.EqualTo(order.Id), "the exact first payload gets the order back");
        Assert.That(harness.Sandbox.State.Orders, Has.Count.EqualTo(1));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(50m));
    }

    [Test]
    public async Task SyncAccount_402_MessageHandsOutTheNextKeyAndThatKeyOrdersOnceAfterTopUp()
    {
        var harness = await StartAsync(sandbox => sandbox.Wallet.InitialBalance = 10m);
        var refusal = await CatchAsync<InsufficientFundsException>(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), new OrderCreateOptions { BusinessReference = Reference }));
        harness.Sandbox.FundWallet(100m);

        var order = await harness.Client.Orders.CreateAndWaitAsync(
            OrderRequests.Amazon(50), new OrderCreateOptions { IdempotencyKey = IdempotencyKey.NextAttempt(refusal.IdempotencyKey!) });
        var again = await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), new OrderCreateOptions { BusinessReference = Reference, Attempt = 2 });

        Assert.That(refusal.StatusCode, Is.EqualTo(402));
        Assert.That(refusal.Message, Does.Contain($"No order was created for Idempotency-Key '{refusal.IdempotencyKey}'")
            .And.Contain($"send Idempotency-Key '{IdempotencyKey.FromReference(Reference, 2)}'"));
        Assert.That(again.Id, Is.EqualTo(order.Id));
        Assert.That(harness.Sandbox.State.Orders.Single().Id, Is.EqualTo(order.Id));
    }
}
