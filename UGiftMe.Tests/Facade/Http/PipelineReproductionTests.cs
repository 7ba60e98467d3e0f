using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;
using static UGiftMe.Tests.TestSupport.ScriptedOrderRequests;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// The probes of issue #12, each a test: every one of these failed on the handler chain the pipeline replaced
/// (a followed redirect, an exception from a header, an unbounded read, the key in a reason phrase or header).
/// </summary>
public sealed class PipelineReproductionTests
{
    private const string Key = TestClients.ApiKey;
    private const string WalletUrl = TestClients.BaseUrl + "/wallet";
    private const string WalletJson = """[{"currency":"GBP","balance":100}]""";

    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    private static UGiftMeClientOptions RealOptions(Uri baseAddress) => new() { ApiKey = Key, BaseAddress = baseAddress, Retry = { MaxRetries = 0 } };

    [Test]
    public async Task Redirect_ToAnotherOrigin_IsNotFollowedAndTheKeyNeverLeaves()
    {
        await using var elsewhere = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", WalletJson));
        var target = new Uri(elsewhere.BaseAddress, "wallet").ToString();
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw("302 Found", $"Location: {target}\r\n", ""));
        using var client = new UGiftMeClient(RealOptions(api.BaseAddress));

        var thrown = Assert.ThrowsAsync<RedirectNotFollowedException>(() => client.Wallet.ListAsync());

        Assert.That(thrown!.Location, Is.EqualTo(target));
        Assert.That(thrown.StatusCode, Is.EqualTo(302));
        Assert.That(thrown.Message, Does.Contain(target));
        Assert.That(api.Requests.Single(), Does.Contain($"X-API-Key: {Key}"), "the configured API got the key");
        Assert.That(elsewhere.Requests, Is.Empty, "nothing, and so no key, went to the redirect's target");
    }

    [Test]
    public async Task OrderCreateAnsweredWith101_SaysAnOrderMayExistAndResendingWithItsKeyIsSafe()
    {
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw("101 Switching Protocols", "Connection: close\r\n", ""));
        using var client = new UGiftMeClient(RealOptions(api.BaseAddress));

        var thrown = Assert.CatchAsync<UGiftMeException>(() => client.Orders.StartAsync(
            new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 }));

        Assert.That(thrown!.IdempotencyKey, Is.Not.Null);
        Assert.That(thrown.Message, Does.Contain($"(an order may exist): resending with Idempotency-Key '{thrown.IdempotencyKey}' is safe"));
        Assert.That(api.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Redirect_ThroughDependencyInjection_IsNotFollowedEither()
    {
        await using var elsewhere = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", WalletJson));
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw("307 Temporary Redirect", $"Location: {new Uri(elsewhere.BaseAddress, "wallet")}\r\n", ""));
        var services = new ServiceCollection();
        services.AddUGiftMe(o =>
        {
            o.ApiKey = Key;
            o.BaseAddress = api.BaseAddress;
            o.Retry.MaxRetries = 0;
        });
        await using var provider = services.BuildServiceProvider();

        Assert.ThrowsAsync<RedirectNotFollowedException>(() => provider.GetRequiredService<UGiftMeClient>().Wallet.ListAsync());

        Assert.That(api.Requests, Has.Count.EqualTo(1));
        Assert.That(elsewhere.Requests, Is.Empty);
    }

    [Test]
    public async Task Redirect_ThroughDependencyInjectionWithTheApplicationsOwnPrimaryHandler_IsNotFollowedEither()
    {
        await using var elsewhere = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", WalletJson));
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw("302 Found", $"Location: {new Uri(elsewhere.BaseAddress, "wallet")}\r\n", ""));
        var services = new ServiceCollection();
        // As the README's proxy sample does: a handler of the application's own, which follows redirects by default.
        services.AddUGiftMe("eu", o =>
        {
            o.ApiKey = Key;
            o.BaseAddress = api.BaseAddress;
            o.Retry.MaxRetries = 0;
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false });
        await using var provider = services.BuildServiceProvider();

        Assert.ThrowsAsync<RedirectNotFollowedException>(() => provider.GetRequiredKeyedService<UGiftMeClient>("eu").Wallet.ListAsync());

        Assert.That(api.Requests, Has.Count.EqualTo(1));
        Assert.That(elsewhere.Requests, Is.Empty, "nothing, and so no key, went to the redirect's target");
    }

    [Test]
    public async Task Redirect_FollowedByTheApplicationsOwnHttpClient_IsAnErrorThatSaysTheKeyWentThere_NotTheAnswer()
    {
        await using var elsewhere = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", WalletJson));
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw("302 Found", $"Location: {new Uri(elsewhere.BaseAddress, "wallet")}\r\n", ""));
        using var following = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var client = new UGiftMeClient(RealOptions(api.BaseAddress), following);

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => client.Wallet.ListAsync());

        Assert.That(elsewhere.Requests, Has.Count.EqualTo(1), "the application's transport followed the redirect");
        Assert.That(thrown!.Message, Does.Contain($"was redirected to {elsewhere.BaseAddress.GetLeftPart(UriPartial.Authority)}")
            .And.Contain("AllowAutoRedirect = false").And.Contain("rotate the key"));
        Assert.That(thrown.Message, Does.Not.Contain(Key));
        Assert.That(thrown.RetryCount, Is.Zero);
    }

    [Test]
    public async Task ReasonPhrase_EchoingTheKey_IsMaskedInTheMessageAndInSystemNetHttpEvents()
    {
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw($"500 Failed for {Key}", "Content-Type: application/json\r\n", """{"error":"boom"}"""));
        using var events = new HttpEventRecorder();
        using var client = new UGiftMeClient(RealOptions(api.BaseAddress));

        var thrown = Assert.ThrowsAsync<ServerErrorException>(() => client.Wallet.ListAsync());

        Assert.That(thrown!.Message, Does.Contain("Failed for [REDACTED]"));
        Assert.That(thrown.ToString(), Does.Not.Contain(Key));
        Assert.That(events.Texts, Is.Not.Empty, "System.Net.Http events were captured");
        Assert.That(events.Texts, Has.None.Contains(Key));
    }

    [TestCase("RateLimit-Reset")]
    [TestCase("X-RateLimit-Reset")]
    public async Task ResetInUnixMilliseconds_IsReadNotThrown(string header)
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Fixture(201, "responses/create-order-201.json", (header, "1767225600000")));
        using var client = TestClients.Create(mock, new TestClock());

        var operation = await client.Orders.StartAsync(Order());

        Assert.That(operation.CreateResponse!.RateLimit!.ResetsAt, Is.EqualTo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("1e12")]
    [TestCase("Infinity")]
    [TestCase("NaN")]
    [TestCase("-5")]
    [TestCase("soon")]
    public async Task RetryAfterOutOfRangeOrGarbage_IsIgnoredAndTheCallRetriesWithBackoff(string value)
    {
        var clock = new TestClock();
        var sent = 0;
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => ++sent == 1 ? Responses.Json(503, "{}", ("Retry-After", value)) : Responses.Json(200, WalletJson));
        using var client = TestClients.Create(mock, clock);

        var result = await clock.RunAsync(client.Wallet.ListAsync());

        Assert.That(result.Metadata.RetryCount, Is.EqualTo(1));
        Assert.That(clock.RequestedDelays.Single(), Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(1)), "the backoff, not the hint");
    }

    [TestCase("gzip")]
    [TestCase("br")]
    [TestCase("deflate")]
    public async Task CorruptCompressedBody_ThrowsUnreadableResponse(string encoding)
    {
        byte[] corrupt = [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0xff, 0xfe, 0xfd, 0xfc, 0x00, 0x11];
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", $"Content-Type: application/json\r\nContent-Encoding: {encoding}\r\n", corrupt));
        using var client = new UGiftMeClient(RealOptions(api.BaseAddress));

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Wallet.ListAsync());

        Assert.That(thrown!.Message, Does.Contain("compressed body is corrupt"));
        Assert.That(thrown.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public void HugeBodyWithoutLength_StopsReadingJustPastMaxResponseSize()
    {
        var body = new EndlessStream(1024L * 1024 * 1024);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        using var client = TestClients.Create(mock, new TestClock(), o => o.MaxResponseSize = 1024 * 1024);

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Wallet.ListAsync());

        Assert.That(thrown!.Message, Does.Contain("MaxResponseSize (1048576 bytes)"));
        Assert.That(body.Delivered, Is.GreaterThan(1024 * 1024).And.LessThanOrEqualTo(1024 * 1024 + 64 * 1024), "read stopped right after the limit");
    }

    [Test]
    public void HugeBodyAnnouncedByContentLength_IsRefusedBeforeReadingIt()
    {
        var body = new EndlessStream(1024L * 1024 * 1024);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ =>
        {
            var content = new StreamContent(body);
            content.Headers.ContentLength = body.Length;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Wallet.ListAsync());

        Assert.That(thrown!.Message, Does.Contain("announced 1073741824"));
        Assert.That(body.Delivered, Is.Zero);
    }

    [Test]
    public void LargeErrorBody_IsCappedOnTheExceptionWithItsWholeLengthKept()
    {
        var large = "{\"error\":\"" + new string('x', 100_000) + "\"}";
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => Responses.Json(400, large));
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<ValidationFailedException>(() => client.Wallet.ListAsync());

        Assert.That(thrown!.RawBody!.Length, Is.EqualTo(ErrorMapper.MaxRawBodyChars + 1), "16 KiB and an ellipsis");
        Assert.That(thrown.Context.BodyLength, Is.EqualTo(Encoding.UTF8.GetByteCount(large)));
    }

    [Test]
    public void UnreadableSuccess_HeaderEchoingTheKey_IsMaskedOnTheException()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => Responses.Text(200, "<html/>", "text/html", ("X-Echo", $"key={Key}")));
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Wallet.ListAsync());

        Assert.That(thrown!.Headers["X-Echo"], Is.EqualTo(new[] { "key=[REDACTED]" }));
    }

    [Test]
    public async Task SuccessfulResult_HeaderEchoingTheKey_IsMaskedInResponseMetadata()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => Responses.Json(200, WalletJson, ("X-Echo", Key)));
        using var client = TestClients.Create(mock, new TestClock());

        var result = await client.Wallet.ListAsync();

        Assert.That(result.Metadata.Headers["X-Echo"], Is.EqualTo(new[] { "[REDACTED]" }));
        Assert.That(result.Value.Single().Currency, Is.EqualTo("GBP"));
    }

    [Test]
    public async Task QueuedOrderFailureText_EchoingTheKey_IsMasked()
    {
        var clock = new TestClock();
        using var mock = new MockHttpMessageHandler();
        using var client = TestClients.Create(mock, clock);
        _ = new ScriptedOrderRequests(mock, clock, (_, _) => Step.Failed($"Key {Key} may not order this product"));

        Exception? thrown = null;
        try
        {
            await clock.RunAsync(client.Orders.Resume(OrderRequestId).WaitForCompletionAsync());
        }
        catch (OrderFailedException failure)
        {
            thrown = failure;
        }

        Assert.That(thrown, Is.InstanceOf<OrderFailedException>());
        Assert.That(((OrderFailedException)thrown!).FailureReason, Is.EqualTo("Key [REDACTED] may not order this product"));
        Assert.That(thrown.ToString(), Does.Not.Contain(Key));
    }

    [Test]
    public void WebhookSecretSeenByTheClient_IsMaskedInLaterErrorBodies()
    {
        var secret = "whsec_" + new string('s', 30);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/webhooks").Respond(_ => Responses.Json(201,
            $$"""{"id":"wh_1","url":"https://example.com/hook","events":["order.succeeded"],"secret":"{{secret}}","isActive":true}"""));
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => Responses.Json(400, $$"""{"error":"bad signature with {{secret}}"}"""));
        using var client = TestClients.Create(mock, new TestClock());

        var created = client.Webhooks.CreateAsync(new Uri("https://example.com/hook"), ["order.succeeded"]).GetAwaiter().GetResult();
        var thrown = Assert.ThrowsAsync<ValidationFailedException>(() => client.Wallet.ListAsync());

        Assert.That(created.Value.Secret, Is.EqualTo(secret), "the create itself returns the secret");
        Assert.That(thrown!.RawBody, Does.Contain("[REDACTED]").And.Not.Contain(secret));
        Assert.That(thrown.ToString(), Does.Not.Contain(secret));
    }

    [TestCase(503)]
    [TestCase(429)]
    [TestCase(0)]
    public void CreateThatExhaustedItsRetries_SaysTheOrderMayExistAndGivesTheKey(int status)
    {
        var clock = new TestClock();
        using var mock = new MockHttpMessageHandler();
        var create = mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders");
        if (status == 0)
        {
            create.Throw(new HttpRequestException("connection reset"));
        }
        else
        {
            create.Respond(_ => Responses.Json(status, """{"error":"busy"}""", ("Retry-After", "1")));
        }

        using var client = TestClients.Create(mock, clock);

        var thrown = CatchUGiftMe(clock.RunAsync(client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = "order-77" })));

        Assert.That(thrown, status switch { 503 => Is.InstanceOf<ServerErrorException>(), 429 => Is.InstanceOf<RateLimitedException>(), _ => Is.InstanceOf<UGiftMeTransportException>() });
        Assert.That(thrown.RetryCount, Is.EqualTo(3));
        Assert.That(thrown.IdempotencyKey, Is.EqualTo("order-77"));
        Assert.That(thrown.Message, Does.Contain("an order may exist").And.Contain("resending with Idempotency-Key 'order-77' is safe"));
    }

    [Test]
    public async Task DeleteRetriedAfterALostAnswer_404MeansItWasDeleted()
    {
        var clock = new TestClock();
        var sent = 0;
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Delete, TestClients.BaseUrl + "/webhooks/wh_1").Respond(_ =>
            ++sent == 1 ? throw new HttpRequestException("connection reset after the request went out") : Responses.Json(404, """{"error":"Webhook not found"}"""));
        using var client = TestClients.Create(mock, clock);

        var metadata = await clock.RunAsync(client.Webhooks.DeleteAsync("wh_1"));

        Assert.That(sent, Is.EqualTo(2));
        Assert.That(metadata.StatusCode, Is.EqualTo(204));
        Assert.That(metadata.RetryCount, Is.EqualTo(1));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Delete404_WithoutAnEarlierAttemptThatMayHaveLanded_IsStillNotFound(bool after429)
    {
        var clock = new TestClock();
        var sent = 0;
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Delete, TestClients.BaseUrl + "/webhooks/wh_1").Respond(_ =>
            ++sent == 1 && after429 ? Responses.Json(429, "{}", ("Retry-After", "1")) : Responses.Json(404, """{"error":"Webhook not found"}"""));
        using var client = TestClients.Create(mock, clock);

        var thrown = CatchUGiftMe(clock.RunAsync(client.Webhooks.DeleteAsync("wh_1")));

        Assert.That(thrown, Is.InstanceOf<ResourceNotFoundException>());
        Assert.That(sent, Is.EqualTo(after429 ? 2 : 1));
    }

    private static UGiftMeException CatchUGiftMe(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (UGiftMeException expected)
        {
            return expected;
        }

        Assert.Fail("Expected a UGiftMeException.");
        return null!;
    }

    /// <summary>A body of <paramref name="length"/> zero bytes produced as read, counting what it handed out.</summary>
    private sealed class EndlessStream(long length) : Stream
    {
        private long _delivered;

        public long Delivered => Interlocked.Read(ref _delivered);

        public override long Length => length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Position { get => Delivered; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Delivered);
            Array.Clear(buffer, offset, n);
            Interlocked.Add(ref _delivered, n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Every text of every System.Net.Http event written while it lives (the public EventSource a tool can read).</summary>
    private sealed class HttpEventRecorder : EventListener
    {
        public List<string> Texts { get; } = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "System.Net.Http")
            {
                EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventSource.Name != "System.Net.Http")
            {
                return;
            }

            var text = string.Join(" | ", (eventData.Payload ?? []).Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)));
            lock (Texts)
            {
                Texts.Add($"{eventData.EventName}: {text}");
            }
        }
    }
}
