using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// Failures are classified by what happened, over real HTTP on 127.0.0.1: a response that arrived but was refused as
/// it came in is not retried as a network failure, and its message says what arrived, never "check network access".
/// </summary>
public sealed class ResponseClassificationTests
{
    private static readonly string HugeHeader = "X-Padding: " + new string('p', 200 * 1024) + "\r\n";

    [Test]
    public async Task ResponseHeadersOverTheTransportsLimit_AreUnreadableOnce_NotANetworkFailureRetried()
    {
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n" + HugeHeader, "[]"));
        var clock = new TestClock();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => (o.BaseAddress, o.Retry.MaxRetries) = (api.BaseAddress, 3)));

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => clock.RunAsync(client.Wallet.ListAsync()));

        Assert.That(api.Requests, Has.Count.EqualTo(1), "the same answer would come again: not retried");
        Assert.That(thrown!.Message, Does.Contain("MaxResponseHeadersLength").And.Not.Contain("network access").And.Not.Contain("failed without an answer"));
        Assert.That(thrown.RetryCount, Is.Zero);
    }

    [Test]
    public async Task OrderCreate_WhoseAnswerHasOversizedHeaders_SaysTheOrderMayExistWithItsKey()
    {
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw("201 Created", "Content-Type: application/json\r\n" + HugeHeader, """{"_id":"o-1"}"""));
        using var client = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = TestClients.ApiKey, BaseAddress = api.BaseAddress });

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Orders.StartAsync(
            new CreateOrderRequest { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 }, new OrderCreateOptions { IdempotencyKey = "k-headers" }));

        Assert.That(api.Requests, Has.Count.EqualTo(1));
        Assert.That(thrown!.IdempotencyKey, Is.EqualTo("k-headers"));
        Assert.That(thrown.Message, Does.Contain("an order may exist"));
    }

    [Test]
    public async Task ConnectionRefused_IsStillANetworkFailure_RetriedAndSaidSo()
    {
        // Positive control: a port nobody listens on is a real network failure.
        var closed = new LoopbackServer(_ => []);
        var address = closed.BaseAddress;
        await closed.DisposeAsync();
        var clock = new TestClock();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => (o.BaseAddress, o.Retry.MaxRetries) = (address, 1)));

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(client.Wallet.ListAsync()));

        Assert.That(thrown!.RetryCount, Is.EqualTo(1));
        Assert.That(thrown.Message, Does.Contain("failed without an answer"));
    }
}
