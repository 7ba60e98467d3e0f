using System.Net;
using System.Net.Sockets;
using System.Text;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// Answers a hostile or broken server can give, over real HTTP on 127.0.0.1: each ends in an SDK exception that says
/// what arrived, never shows the key, and never resends a create under another idempotency key.
/// </summary>
public sealed class HostileServerTests
{
    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    [Test]
    public async Task QueuedAnswerWithoutAnOrderRequestId_IsUnreadable_WithTheKeyToResend()
    {
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw(
            "202 Accepted", "Content-Type: application/json\r\n", """{"orderRequestId":null,"status":"queued"}"""));
        using var client = new UGiftMeClient(TestClients.Options(new TestClock(), o => o.BaseAddress = api.BaseAddress));

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = "k-null-request" }));

        Assert.That(thrown!.IdempotencyKey, Is.EqualTo("k-null-request"));
    }

    [Test]
    public async Task BulkQueuedAnswerWithoutAnOrderRequestId_IsUnreadable_WithTheKeyToResend()
    {
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw(
            "202 Accepted", "Content-Type: application/json\r\n", """{"orderRequestId":null,"status":"queued"}"""));
        using var client = new UGiftMeClient(TestClients.Options(new TestClock(), o => o.BaseAddress = api.BaseAddress));

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Orders.StartBulkAsync([Order()], new OrderCreateOptions { IdempotencyKey = "k-null-bulk" }));

        Assert.That(thrown!.IdempotencyKey, Is.EqualTo("k-null-bulk"));
    }

    [TestCase("Retry-After: 99999999999999999999")]
    [TestCase("Retry-After: Fri, 31 Dec 9999 23:59:59 GMT")]
    [TestCase("Retry-After: 1e9")]
    [TestCase("RateLimit-Remaining: 0\r\nRateLimit-Reset: 5184000")]
    public async Task AbsurdWaitAsked_IsRateLimitedAtOnce_NotWaitedOn(string waitHeaders)
    {
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw(
            "429 Too Many Requests", $"Content-Type: application/json\r\n{waitHeaders}\r\n", """{"error":"Too many requests"}"""));
        var clock = new TestClock();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => (o.BaseAddress, o.Retry.MaxRetries) = (api.BaseAddress, 3)));

        var call = client.Wallet.ListAsync();
        Exception? thrown = null;
        try
        {
            await clock.RunAsync(call, maxTimers: 50);
        }
        catch (Exception e)
        {
            thrown = e;
        }

        Assert.That(thrown, Is.InstanceOf<RateLimitedException>(), thrown?.ToString());
        Assert.That(clock.RequestedDelays.Where(d => d > TimeSpan.FromHours(1)), Is.Empty, "no wait on an absurd Retry-After");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task CreateWhoseAnswerIsCutShort_IsResentOnlyWithTheSameKey(bool bulk)
    {
        await using var api = new LoopbackServer(_ => [.. Encoding.ASCII.GetBytes(
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{\"_id\":\"o-1\",")]);
        var clock = new TestClock();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => (o.BaseAddress, o.Retry.MaxRetries) = (api.BaseAddress, 2)));

        var thrown = Assert.CatchAsync<UGiftMeException>(() => bulk
            ? clock.RunAsync(client.Orders.StartBulkAsync([Order(), Order()]))
            : clock.RunAsync(client.Orders.StartAsync(Order())));

        var keys = api.Requests.Select(head => head.Split("\r\n").Single(l => l.StartsWith("Idempotency-Key:", StringComparison.OrdinalIgnoreCase))).Distinct().ToList();
        Assert.That(api.Requests, Has.Count.EqualTo(3), "the first attempt and both retries");
        Assert.That(keys, Has.Count.EqualTo(1), string.Join(" | ", keys));
        Assert.That(thrown!.IdempotencyKey, Is.Not.Null);
        Assert.That(thrown.Message, Does.Contain("an order may exist"));
    }

    [Test]
    public async Task CreateWhoseAnswerIsCutShort_SaysTheAnswerWasCutShortNotThatItCouldNotBeSent()
    {
        await using var api = new LoopbackServer(_ => [.. Encoding.ASCII.GetBytes(
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{\"_id\":\"o-1\",")]);
        var clock = new TestClock();
        using var client = new UGiftMeClient(TestClients.Options(clock, o => (o.BaseAddress, o.Retry.MaxRetries) = (api.BaseAddress, 1)));

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(client.Orders.StartAsync(Order())));

        Assert.That(thrown!.Message, Does.Contain("answered 201").And.Contain("cut short").And.Not.Contain("failed without an answer").And.Not.Contain("Check network access"));
        Assert.That(thrown.Message, Does.Contain($"(an order may exist): resending with Idempotency-Key '{thrown.IdempotencyKey}' is safe"));
        Assert.That(thrown.IsTimeout, Is.False);
    }

    [Test]
    public async Task BodyThatStopsArriving_EndsAtTheAttemptTimeout()
    {
        await using var drip = new StalledBodyServer();
        var clock = new TestClock();
        using var client = new UGiftMeClient(TestClients.Options(clock, o =>
            (o.BaseAddress, o.Retry.MaxRetries, o.AttemptTimeout) = (drip.BaseAddress, 0, TimeSpan.FromSeconds(10))));

        var call = client.Wallet.ListAsync();
        await drip.BodyStarted;
        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => clock.RunAsync(call));

        Assert.That(thrown!.IsTimeout, Is.True);
    }

    /// <summary>Sends a 200's head and the first byte of its body, then nothing more until disposed.</summary>
    private sealed class StalledBodyServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource _bodyStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;

        public StalledBodyServer()
        {
            _listener.Start();
            _serving = ServeAsync();
        }

        public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api/v1/business/");

        public Task BodyStarted => _bodyStarted.Task;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
            }

            _stop.Dispose();
        }

        private async Task ServeAsync()
        {
            using var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = connection.GetStream();
            var buffer = new byte[8192];
            var head = new StringBuilder();
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"), _stop.Token);
            await stream.FlushAsync(_stop.Token);
            _bodyStarted.SetResult();
            _ = await stream.ReadAsync(buffer, _stop.Token);   // until the client closes, or the test ends
        }
    }
}
