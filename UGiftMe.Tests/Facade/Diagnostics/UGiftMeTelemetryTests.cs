using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Diagnostics;

/// <summary>Logs, traces and metrics of a failing, retried call: what they say, and that the API key is in none of them.</summary>
public sealed class UGiftMeTelemetryTests
{
    private const string Key = TestClients.ApiKey;

    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    /// <summary>429 (wait 1 s) → 503 → 401, each body (and the 401's headers) echoing the key back, on an order create with a caller key.</summary>
    private static (UGiftMeException Thrown, string IdempotencyKey) FailingCall(ObservedCall observed)
    {
        var clock = new TestClock();
        var idempotencyKey = "k-observe-" + Guid.NewGuid().ToString("N");
        var echo = $$$"""{"error":"Invalid API key {{{Key}}}","message":"You sent X-API-Key: {{{Key}}}","reason":"key {{{Key}}} revoked","details":{"apiKey":"{{{Key}}}","hint":["{{{Key}}}"]}}""";
        var responses = new Queue<HttpResponseMessage>([
            Responses.Json(429, $$"""{"error":"Too many requests for {{Key}}"}""", ("Retry-After", "1"), ("RateLimit-Limit", "100"), ("RateLimit-Remaining", "0")),
            Responses.Json(503, $$"""{"error":"Service unavailable","details":"{{Key}}"}"""),
            Responses.Json(401, echo, ("WWW-Authenticate", $"ApiKey key={Key}"), ("X-Debug-Key", Key)),
        ]);
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => responses.Dequeue());
        using var client = TestClients.Create(mock, clock, o => o.LoggerFactory = observed.LoggerFactory);

        var thrown = Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            clock.RunAsync(client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = idempotencyKey })));
        return (thrown!, idempotencyKey);
    }

    [Test]
    public void FailingCall_ServerEchoesTheKey_KeyAppearsInNoLogTraceMetricOrException()
    {
        using var observed = new ObservedCall();

        var (thrown, _) = FailingCall(observed);

        var exceptionText = new[]
        {
            thrown.Message, thrown.ToString(), thrown.Error ?? "", thrown.ServerMessage ?? "", thrown.Reason ?? "", thrown.RawBody ?? "",
            thrown.Details?.ToString() ?? "", thrown.Context.ToString(),
        };
        Assert.That(exceptionText, Has.None.Contain(Key));
        Assert.That(thrown.Headers.Values.SelectMany(values => values), Has.None.Contain(Key));
        Assert.That(thrown.Headers["X-Debug-Key"], Is.EqualTo(new[] { "[REDACTED]" }));
        Assert.That(observed.AllText().ToList(), Has.None.Contain(Key));
        Assert.That(thrown.RawBody, Does.Contain("[REDACTED]"), "the body is kept, with the key masked");
        Assert.That((string?)thrown.Details?["apiKey"], Is.EqualTo("[REDACTED]"));
    }

    [Test]
    public void FailingCall_LogsOneDebugLinePerAttemptAndWarningsForRetriesAndTheRateLimit()
    {
        using var observed = new ObservedCall();

        var (_, idempotencyKey) = FailingCall(observed);
        var records = observed.Logs.GetSnapshot();

        var attempts = records.Where(r => r.Id.Id == 1).ToList();
        Assert.That(attempts, Has.Count.EqualTo(3));
        Assert.That(attempts.Select(r => r.Level), Is.All.EqualTo(LogLevel.Debug));
        Assert.That(attempts.Select(r => r.GetStructuredStateValue("StatusCode")), Is.EqualTo(new[] { "429", "503", "401" }));
        Assert.That(attempts.Select(r => r.GetStructuredStateValue("Attempt")), Is.EqualTo(new[] { "1", "2", "3" }));
        Assert.That(attempts.Select(r => r.Message), Is.All.Contain("POST /api/v1/business/orders").And.All.Contain(idempotencyKey));

        var retries = records.Where(r => r.Id.Id == 3).ToList();
        Assert.That(retries.Select(r => r.Level), Is.EqualTo(new[] { LogLevel.Warning, LogLevel.Warning }));
        Assert.That(retries.Select(r => r.GetStructuredStateValue("Outcome")), Is.EqualTo(new[] { "429", "503" }));
        Assert.That(retries[0].GetStructuredStateValue("DelayMilliseconds"), Is.EqualTo("1000"), "the 429's Retry-After was the delay");

        var rateLimited = records.Where(r => r.Id.Id == 4).ToList();
        Assert.That(rateLimited, Has.Count.EqualTo(1));
        Assert.That(rateLimited[0].Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(rateLimited[0].Message, Does.Contain("00:00:01").And.Contain("0 requests remaining"));
    }

    [Test]
    public void RetriedGet_WithoutAnIdempotencyKey_LinesSayItHasNone()
    {
        using var observed = new ObservedCall();
        var clock = new TestClock();
        var responses = new Queue<HttpResponseMessage>([Responses.Json(503, """{"error":"Service unavailable"}"""), Responses.Json(200, "[]")]);
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.BaseUrl + "/webhooks").Respond(_ => responses.Dequeue());
        using var client = TestClients.Create(mock, clock, o => o.LoggerFactory = observed.LoggerFactory);

        clock.RunAsync(client.Webhooks.ListAsync()).GetAwaiter().GetResult();

        var lines = observed.Logs.GetSnapshot().Where(r => r.Id.Id is 1 or 3).ToList();
        Assert.That(lines.Select(r => r.Id.Id), Is.EqualTo(new[] { 1, 3, 1 }), "attempt, retry, attempt");
        Assert.That(lines.Select(r => r.Message), Is.All.EndWith("idempotency key none)"));
    }

    [Test]
    public void FailingCall_CountsAttemptsRetriesAndRateLimitsAndTracesOneActivity()
    {
        using var observed = new ObservedCall();

        var (_, idempotencyKey) = FailingCall(observed);

        Assert.That(observed.Attempts.GetMeasurementSnapshot().Select(m => m.Tags["http.response.status_code"]), Is.EqualTo(new object[] { 429, 503, 401 }));
        Assert.That(observed.Attempts.GetMeasurementSnapshot().Select(m => m.Value), Is.All.EqualTo(1));
        Assert.That(observed.Retries.GetMeasurementSnapshot().Select(m => m.Tags["ugiftme.retry_reason"]), Is.EqualTo(new object[] { "429", "503" }));
        Assert.That(observed.RateLimited.GetMeasurementSnapshot(), Has.Count.EqualTo(1));
        var duration = observed.Duration.GetMeasurementSnapshot().Single();
        Assert.That(duration.Tags["http.response.status_code"], Is.EqualTo(401));
        Assert.That(duration.Value, Is.GreaterThanOrEqualTo(1.0), "the fake second of Retry-After is part of the call");

        var activity = observed.Activities.Single(a => Equals(a.GetTagItem("ugiftme.idempotency_key"), idempotencyKey));
        Assert.That(activity.DisplayName, Is.EqualTo("POST /api/v1/business/orders"));
        Assert.That(activity.GetTagItem("http.response.status_code"), Is.EqualTo(401));
        Assert.That(activity.GetTagItem("http.request.resend_count"), Is.EqualTo(2));
        Assert.That(activity.GetTagItem("error.type"), Is.EqualTo("401"));
        Assert.That(activity.Status, Is.EqualTo(System.Diagnostics.ActivityStatusCode.Error));
    }

    [Test]
    public void UnreadableSuccess_BodyEchoesTheKey_KeyIsNotInTheExceptionOrItsInnerExceptions()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.BaseUrl + "/wallet").Respond(_ => Responses.Json(200, $$"""["{{Key}}"]"""));
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Wallet.ListAsync());

        Assert.That(thrown!.ToString(), Does.Not.Contain(Key));
        Assert.That(thrown.RawBody, Does.Not.Contain(Key).And.Contain("[REDACTED]"));
        Assert.That(thrown.Context.ToString(), Does.Not.Contain(Key));
    }

    [Test]
    public void TransportFailure_MessageEchoesTheKey_KeyIsNotInTheExceptionOrItsInnerExceptions()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.BaseUrl + "/wallet").Throw(new HttpRequestException($"proxy refused header X-API-Key: {Key}"));
        using var client = TestClients.Create(mock, new TestClock(), o => o.Retry.MaxRetries = 0);

        var thrown = Assert.ThrowsAsync<UGiftMeTransportException>(() => client.Wallet.ListAsync());

        Assert.That(thrown!.ToString(), Does.Not.Contain(Key));
        Assert.That(thrown.Message, Does.Contain("proxy refused header"));
    }
}
