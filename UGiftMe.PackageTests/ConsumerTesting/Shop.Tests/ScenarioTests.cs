using System.Net;
using Microsoft.Extensions.Time.Testing;
using UGiftMe;
using UGiftMe.Models;
using UGiftMe.Sandbox;
using UGiftMe.Testing;

namespace Shop.Tests;

// Every scenario the sandbox scripts, through the SDK, on a clock the test moves: nothing here waits for real time.
public sealed class ScenarioTests : IAsyncLifetime
{
    private static readonly CreateOrderRequest Card = new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };
    private readonly FakeTimeProvider _time = new();
    private UGiftMeSandbox _sandbox = null!;
    private UGiftMeClient _client = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await UGiftMeSandbox.StartAsync(new SandboxOptions { TimeProvider = _time });
        _client = _sandbox.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task NextOrder_RefusedForInsufficientFunds_Throws402AndMakesNothing()
    {
        _sandbox.Orders.Next.IsRefusedForInsufficientFunds(available: 20m);

        var refused = await Assert.ThrowsAsync<InsufficientFundsException>(() => _client.Orders.StartAsync(Card));

        Assert.Equal((402, 50m, 20m, 30m), (refused.StatusCode, refused.Required, refused.Available, refused.Shortfall));
        Assert.Empty(_sandbox.Orders.All);
        Assert.Equal(2000m, _sandbox.Wallet.Balance);
    }

    [Fact]
    public async Task OrderForProduct_FailingAsynchronously_EndsFailedWithTheReason()
    {
        _sandbox.Orders.ForProduct("AMAZON_UK_STD").FailsAsynchronously("Merchant offline");

        var operation = await _client.Orders.StartAsync(Card);
        _time.Advance(TimeSpan.FromSeconds(2));
        await operation.UpdateStatusAsync();
        var failure = await Assert.ThrowsAsync<OrderFailedException>(() => operation.WaitForCompletionAsync());

        Assert.Equal(("failed", "Merchant offline"), (operation.Status, failure.FailureReason));
        Assert.Empty(_sandbox.Orders.All);
    }

    [Fact]
    public async Task OrderHeldInTheQueue_StaysQueuedUntilReleased()
    {
        var held = _sandbox.Orders.Next.StaysQueued();

        var operation = await _client.Orders.StartAsync(Card);
        _time.Advance(TimeSpan.FromHours(1));
        var stillQueued = await operation.UpdateStatusAsync();
        held.Release();
        await operation.UpdateStatusAsync();
        var order = operation.Value;

        Assert.Equal("queued", stillQueued.Status);
        Assert.Equal(operation.OrderRequestId, held.OrderRequestId);
        Assert.Equal(_sandbox.Orders.All.Single().Id, order.Id);
    }

    [Fact]
    public async Task OrderSucceedingAfterThreePolls_IsSucceededAtTheThirdPoll()
    {
        _sandbox.Orders.Next.SucceedsAfterPolls(3);
        var operation = await _client.Orders.StartAsync(Card);

        var statuses = new List<string>();
        for (var poll = 0; poll < 3; poll++)
        {
            statuses.Add((await operation.UpdateStatusAsync()).Status);
        }

        Assert.Equal(new[] { "processing", "processing", "succeeded" }, statuses);
        Assert.Equal(3, operation.PollCount);
        Assert.True(operation.HasValue);
    }

    [Fact]
    public async Task OrderLosingItsAnswer_IsRecoveredByTheSdksOwnRetry_WithOneOrder()
    {
        _sandbox.Orders.ForReference("PO-3001").LosesItsAnswer();

        var call = _client.Orders.CreateAndWaitAsync(Card, new OrderCreateOptions { BusinessReference = "PO-3001" });
        await _sandbox.Clock.WaitForTimerAsync(delay => delay < TimeSpan.FromSeconds(10)); // the SDK's retry backoff
        _time.Advance(TimeSpan.FromSeconds(10));
        var order = await call;

        Assert.Equal(order.Id, Assert.Single(_sandbox.Orders.WithReference("PO-3001")).Id);
        Assert.Equal(new int?[] { null, 201 }, _sandbox.Traffic.To("POST", "/orders").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task OrderLosingItsAnswer_OnAnAsyncAccount_TheWaitMatchesTheSdksRetryNotTheQueuedOrder()
    {
        _sandbox.Account.OrdersAsync = true;
        _sandbox.Orders.ForReference("PO-3003").LosesItsAnswer();

        var call = _client.Orders.StartAsync(Card, new OrderCreateOptions { BusinessReference = "PO-3003" });
        await _sandbox.Clock.WaitForTimerAsync(delay => delay < TimeSpan.FromSeconds(10)); // not the sandbox's 1 s order timer
        _time.Advance(TimeSpan.FromSeconds(10));
        var operation = await call;

        Assert.Equal(new int?[] { null, 202 }, _sandbox.Traffic.To("POST", "/orders").Select(r => r.StatusCode));
        Assert.Equal(operation.OrderRequestId, Assert.Single(_sandbox.Orders.All).OrderRequestId);
    }

    [Fact]
    public async Task RateLimited_WithRetryAfter_SdkWaitsExactlyThatLongThenSucceeds()
    {
        _sandbox.Traffic.RateLimitNext(retryAfter: TimeSpan.FromSeconds(5));

        var call = _client.Products.ListAsync();
        await _sandbox.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));
        var page = await call;

        Assert.Equal(1, page.Metadata.RetryCount);
        Assert.Equal(new int?[] { 429, 200 }, _sandbox.Traffic.To("GET", "/products").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task RateLimited_WithoutRetries_ThrowsWithRetryAfterAndRateLimitHeaders()
    {
        using var client = _sandbox.CreateClient(options => options.Retry.MaxRetries = 0);
        _sandbox.Traffic.RateLimitNext(retryAfter: TimeSpan.FromSeconds(7));

        var limited = await Assert.ThrowsAsync<RateLimitedException>(() => client.Products.ListAsync());

        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
        Assert.Equal(0, limited.RateLimit?.Remaining);
        Assert.Equal(_time.GetUtcNow().AddSeconds(7), limited.RateLimit?.ResetsAt);
    }

    [Fact]
    public async Task ServiceUnavailable_Twice_IsRetriedByTheSdk_AndAfterTheLastRetryThrows()
    {
        using var client = _sandbox.CreateClient(options => options.Retry.MaxRetries = 1);
        _sandbox.Traffic.FailNext(2);

        var call = client.Wallet.ListAsync();
        await _sandbox.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1)); // Retry-After: 1 on the 503
        _time.Advance(TimeSpan.FromSeconds(1));
        var failure = await Assert.ThrowsAsync<ServerErrorException>(() => call);

        Assert.Equal((503, 1), (failure.StatusCode, failure.RetryCount));
        Assert.Equal(2, _sandbox.Traffic.Requests.Count(r => r.Fault == "before-work"));
    }

    [Fact]
    public async Task Latency_HoldsTheAnswerUntilTheClockPassesIt()
    {
        _sandbox.Traffic.Latency = TimeSpan.FromSeconds(3);

        var call = _client.Auth.VerifyAsync();
        await _sandbox.Traffic.WaitForDelayedRequestAsync();
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(3));
        var account = await call;

        Assert.Equal("Example Retail Ltd", account.Value.Name);
    }

    [Fact]
    public async Task WalletTooSmall_ThenToppedUp_OrdersWithTheNextAttempt()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync(new SandboxOptions { Wallet = { InitialBalance = 30m } });
        using var client = sandbox.CreateClient();

        var refused = await Assert.ThrowsAsync<InsufficientFundsException>(() => client.Orders.StartAsync(Card, new OrderCreateOptions { BusinessReference = "PO-3002" }));
        sandbox.Wallet.TopUp(100m);
        var order = await client.Orders.CreateAndWaitAsync(Card, new OrderCreateOptions { BusinessReference = "PO-3002", Attempt = 2 });

        Assert.Equal((30m, 20m), (refused.Available, refused.Shortfall));
        Assert.Equal(80m, sandbox.Wallet.Balance);
        Assert.Equal(new[] { "funding", "funding", "purchase" }, sandbox.Wallet.Ledger.Select(t => t.TransactionType));
        Assert.NotNull(order.Id);
    }

    [Fact]
    public async Task AccountSwitchedToAsync_QueuesTheOrder_AndSaysSoInTheMetadata()
    {
        _sandbox.Account.OrdersAsync = true;

        var operation = await _client.Orders.StartAsync(Card);
        _time.Advance(TimeSpan.FromSeconds(2)); // queued -> processing -> succeeded
        await operation.UpdateStatusAsync();
        var order = operation.Value;

        Assert.Equal((202, true), (operation.CreateResponse?.StatusCode, operation.CreateResponse?.OrdersAsync));
        Assert.Equal(operation.OrderRequestId, _sandbox.Orders.All.Single().OrderRequestId);
        Assert.Equal("succeeded", _sandbox.Orders.Requests.Single().Status);
        Assert.NotNull(order.Id);
    }

    [Fact]
    public async Task KeyRestrictedToOtherIps_IsRefusedWith403()
    {
        _sandbox.Account.RestrictToIps("203.0.113.7");

        var denied = await Assert.ThrowsAsync<PermissionDeniedException>(() => _client.Auth.VerifyAsync());
        _sandbox.Account.AllowAllIps();
        var allowed = await _client.Auth.VerifyAsync();

        Assert.Equal((403, "IP address not allowed"), (denied.StatusCode, denied.Error));
        Assert.Equal(200, allowed.Metadata.StatusCode);
    }

    [Fact]
    public async Task RevokedKey_IsRefusedWith401_KeyRevoked()
    {
        _sandbox.Account.RevokeKey();

        var refused = await Assert.ThrowsAsync<AuthenticationFailedException>(() => _client.Orders.ListAsync());

        Assert.Equal((401, "Key revoked"), (refused.StatusCode, refused.Reason));
    }

    [Fact]
    public async Task IdempotencyKey_SentTwice_MakesOneOrderAndOneReplay()
    {
        var options = new OrderCreateOptions { IdempotencyKey = "order-key-1" };

        var first = await _client.Orders.CreateAndWaitAsync(Card, options);
        var second = await _client.Orders.CreateAndWaitAsync(Card, options);

        Assert.Equal(first.Id, second.Id);
        Assert.Single(_sandbox.Orders.WithIdempotencyKey("order-key-1"));
        Assert.Equal(1, _sandbox.Server.State.IdempotencyRecords.Single().ReplayCount);
    }

    [Fact]
    public async Task FailedWebhookDelivery_IsRetriedWhenTheClockReachesTheRetry()
    {
        using var receiver = new CountingReceiver(failFirst: 1);
        var subscription = _sandbox.Webhooks.Subscribe(new Uri("https://shop.example.com/webhooks/ugiftme"), [WebhookEventNames.WalletUpdated], receiver);

        _sandbox.Wallet.TopUp(10m);
        var failed = await _sandbox.Webhooks.WaitForDeliveryAsync(WebhookEventNames.WalletUpdated);
        _time.Advance(TimeSpan.FromMinutes(1)); // the documented first retry
        var retried = await _sandbox.Webhooks.WaitForDeliveryAsync(WebhookEventNames.WalletUpdated, d => d.Attempt == 2);

        Assert.Equal((false, 500), (failed.Succeeded, failed.StatusCode));
        Assert.True(retried.Succeeded);
        Assert.Equal(failed.Body, retried.Body);
        Assert.Equal(new WebhookSigner(subscription.Secret).ComputeSignature(retried.Body), retried.Signature);
    }

    private sealed class CountingReceiver(int failFirst) : HttpMessageHandler
    {
        private int _received;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(Interlocked.Increment(ref _received) <= failFirst ? HttpStatusCode.InternalServerError : HttpStatusCode.OK));
    }
}
