using System.Text;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;
using UGiftMe.Models;

namespace UGiftMe.Tests.Facade.Webhooks;

/// <summary>Bodies that are signed but must never reach a handler as they are, and the one spelling of an event name.</summary>
public sealed class WebhookPayloadStrictnessTests
{
    private const string Secret = "whsec-test-0123456789abcdef";

    private static readonly WebhookSigner Signer = new(Secret);
    private static readonly WebhookVerifier Verifier = new(Secret);

    private static WebhookVerificationFailure Verify(string eventName, string body, out WebhookEvent? evt)
    {
        var delivery = Signer.CreateDelivery(eventName, Encoding.UTF8.GetBytes(body));
        Verifier.TryVerify(delivery.Body.Span, delivery.ToWebhookHeaders(), out evt, out var failure);
        return failure;
    }

    private static string Documented(string eventName) => DocumentedFixture.Load($"webhooks/{eventName}.json").BodyText;

    [TestCase("order.succeeded")]
    [TestCase("ORDER.SUCCEEDED")]
    [TestCase("Order.Succeeded")]
    public void Verify_HeaderInAnyCase_GivesTheCanonicalNameAndOneIdempotencyKey(string header)
    {
        Verify(WebhookEventNames.OrderSucceeded, Documented(WebhookEventNames.OrderSucceeded), out var canonical);

        var failure = Verify(header, Documented(WebhookEventNames.OrderSucceeded), out var evt);

        Assert.That(failure, Is.EqualTo(WebhookVerificationFailure.None));
        Assert.That(evt!.EventName, Is.EqualTo(WebhookEventNames.OrderSucceeded));
        Assert.That(evt.IdempotencyKey, Is.EqualTo(canonical!.IdempotencyKey));
    }

    [TestCase(WebhookEventNames.OrderSucceeded, WebhookEventNames.WalletUpdated)]
    [TestCase(WebhookEventNames.OrderSucceeded, WebhookEventNames.ProductUpdated)]
    [TestCase(WebhookEventNames.OrderFailed, WebhookEventNames.OrderSucceeded)]
    [TestCase(WebhookEventNames.WebhookTest, WebhookEventNames.OrderQueued)]
    [TestCase(WebhookEventNames.OrderSucceeded, WebhookEventNames.PaymentSucceeded)]
    [TestCase(WebhookEventNames.OrderFailed, "something.new")]
    public void Verify_BodyOfOneEventUnderAnotherHeader_IsEventNameMismatch(string bodyOf, string header)
    {
        var failure = Verify(header, Documented(bodyOf), out var evt);

        Assert.That(failure, Is.EqualTo(WebhookVerificationFailure.EventNameMismatch));
        Assert.That(evt, Is.Null);
    }

    [TestCase(WebhookEventNames.PaymentSucceeded, """{"paymentId":"p1","status":"succeeded","amount":12.5}""")]
    [TestCase(WebhookEventNames.PaymentFailed, """{"paymentId":"p1","status":"failed"}""")]
    [TestCase("something.new", """{"id":"s1","status":"queued"}""")]
    public void Verify_OtherEventSayingStatusLikeAnOrder_WithoutAnOrderRequestId_IsNotTakenForAnOrderEvent(string eventName, string body)
    {
        var failure = Verify(eventName, body, out var evt);

        Assert.That(failure, Is.EqualTo(WebhookVerificationFailure.None));
        Assert.That(evt!.EventName, Is.EqualTo(eventName));
    }

    [TestCase("""{"orderRequestId":"a","orderRequestId":"b","status":"succeeded","type":"single","result":{},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "duplicate key")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{"orderId":"x","amount":1e400},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "1e400 nested")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{"amount":NaN},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "NaN literal")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{},"timestamp":"2025-04-11T08:00:12Z",}""", TestName = "trailing comma")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","timestamp":"2025-04-11T08:00:12Z"}""", TestName = "required result missing")]
    [TestCase("""{"orderRequestId":7,"status":"succeeded","type":"single","result":{},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "orderRequestId not a string")]
    public void Verify_SignedOrderSucceededBody_NotStrictJsonOrIncomplete_IsInvalidPayload(string body)
    {
        var failure = Verify(WebhookEventNames.OrderSucceeded, body, out var evt);

        Assert.That(failure, Is.EqualTo(WebhookVerificationFailure.InvalidPayload));
        Assert.That(evt, Is.Null);
    }

    [Test]
    public void Verify_SignedEmptyWalletUpdated_IsRejectedNamingTheMissingMembers()
    {
        var delivery = Signer.CreateDelivery(WebhookEventNames.WalletUpdated, "{}"u8.ToArray());

        var exception = Assert.Throws<WebhookVerificationException>(() => Verifier.Verify(delivery.Body.Span, delivery.ToWebhookHeaders()));

        Assert.That(exception!.Reason, Is.EqualTo(WebhookVerificationFailure.InvalidPayload));
        Assert.That(exception.Message, Does.Contain("userId, currency, balance, availableBalance, source, timestamp"));
    }

    [Test]
    public void Verify_SignedEmptyProductUpdated_IsAcceptedAsDocumented()
    {
        Assert.That(Verify(WebhookEventNames.ProductUpdated, "{}", out var evt), Is.EqualTo(WebhookVerificationFailure.None));
        Assert.That(evt, Is.InstanceOf<WebhookEvent<ProductUpdatedEvent>>());
    }

    [Test]
    public void Verify_LargeButFiniteNumber_IsAccepted()
    {
        var body = Documented(WebhookEventNames.WalletUpdated).Replace("950.5", "1e20", StringComparison.Ordinal);

        Assert.That(Verify(WebhookEventNames.WalletUpdated, body, out _), Is.EqualTo(WebhookVerificationFailure.None));
    }

    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{"orderId":"x","details":{"code":"a","code":"b"}},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "duplicate member two levels down")]
    [TestCase("""{"orderRequestId":"a","order\u0052equestId":"b","status":"succeeded","type":"single","result":{},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "duplicate member spelled with an escape")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{"orderId":"x","extra":[1,2,1e400]},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "1e400 in an array of an unknown member")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{},"timestamp":"2025-04-11T08:00:12Z","extra":-1e400}""", TestName = "-1e400 at the top level")]
    [TestCase("""{'orderRequestId':'a','status':'succeeded','type':'single','result':{},'timestamp':'2025-04-11T08:00:12Z'}""", TestName = "single quotes")]
    [TestCase("""{orderRequestId:"a",status:"succeeded",type:"single",result:{},timestamp:"2025-04-11T08:00:12Z"}""", TestName = "unquoted names")]
    [TestCase("""/* c */{"orderRequestId":"a","status":"succeeded","type":"single","result":{},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "a comment")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{"amount":Infinity},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "Infinity literal")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{},"timestamp":"2025-04-11T08:00:12Z"}{}""", TestName = "a second value after the body")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{"orderId":12},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "a number where an optional nested member is text")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":true,"result":{},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "true where a required member is text")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{},"timestamp":"2025-04-11T08:00:12Z",""", TestName = "cut short")]
    [TestCase("""{"orderRequestId":"a","status":"succeeded","type":"single","result":{"orderId":"\ud800"},"timestamp":"2025-04-11T08:00:12Z"}""", TestName = "an escaped lone surrogate")]
    public void Verify_SignedOrderSucceededBody_ValidOnlyToALenientParser_IsInvalidPayload(string body)
    {
        var failure = Verify(WebhookEventNames.OrderSucceeded, body, out var evt);

        Assert.That(failure, Is.EqualTo(WebhookVerificationFailure.InvalidPayload));
        Assert.That(evt, Is.Null);
    }

    [TestCase("""{"id":"s1","id":"s2"}""", TestName = "duplicate member, unknown event")]
    [TestCase("""{"id":"s1","data":{"total":1e400}}""", TestName = "1e400, unknown event")]
    [TestCase("""{"id":"s1"} x""", TestName = "text after the body, unknown event")]
    public void Verify_SignedBodyOfAnEventWithoutAModel_NotStrictJson_IsInvalidPayload(string body)
    {
        Assert.That(Verify("something.new", body, out var evt), Is.EqualTo(WebhookVerificationFailure.InvalidPayload));
        Assert.That(evt, Is.Null);
    }

    [Test]
    public void Verify_BodyWithInvalidUtf8InAString_IsInvalidPayload()
    {
        var body = Encoding.UTF8.GetBytes(Documented(WebhookEventNames.WalletUpdated).Replace("Tesco\"", "Tesco\u0001\"", StringComparison.Ordinal));
        body[Array.IndexOf(body, (byte)0x01)] = 0xC3; // a lead byte with no continuation byte
        var delivery = Signer.CreateDelivery(WebhookEventNames.WalletUpdated, body);

        Verifier.TryVerify(delivery.Body.Span, delivery.ToWebhookHeaders(), out var evt, out var failure);

        Assert.That(failure, Is.EqualTo(WebhookVerificationFailure.InvalidPayload));
        Assert.That(evt, Is.Null);
    }

    [Test]
    public void Verify_ObjectWithManyMembers_FindsTheOneRepeatedAndAcceptsItWithout()
    {
        var members = string.Concat(Enumerable.Range(0, 40).Select(i => $",\"extra{i}\":{i}"));
        var body = Documented(WebhookEventNames.WalletUpdated).Replace("\"currency\"", $"\"m\":0{members},\"currency\"", StringComparison.Ordinal);

        Assert.That(Verify(WebhookEventNames.WalletUpdated, body, out _), Is.EqualTo(WebhookVerificationFailure.None));
        Assert.That(Verify(WebhookEventNames.WalletUpdated, body.Replace("\"m\":0", "\"extra39\":0", StringComparison.Ordinal), out _),
            Is.EqualTo(WebhookVerificationFailure.InvalidPayload));
    }

    [Test]
    public void Verify_AmountWith28SignificantDigits_IsReadExactly()
    {
        var body = Documented(WebhookEventNames.WalletUpdated)
            .Replace("950.5", "1234567890.123456789012345678", StringComparison.Ordinal)
            .Replace("49.5", "0.1000000000000000000000000001", StringComparison.Ordinal);

        Assert.That(Verify(WebhookEventNames.WalletUpdated, body, out var evt), Is.EqualTo(WebhookVerificationFailure.None));
        var payload = ((WebhookEvent<WalletUpdatedEvent>)evt!).Payload;
        Assert.That(payload.Balance, Is.EqualTo(1234567890.123456789012345678m));
        Assert.That(payload.Transaction!.Amount, Is.EqualTo(0.1000000000000000000000000001m));
    }

    [Test]
    public void Verify_AmountBeyondADecimalButWithinADouble_IsInvalidPayload()
    {
        var body = Documented(WebhookEventNames.WalletUpdated).Replace("950.5", "1e30", StringComparison.Ordinal);

        Assert.That(Verify(WebhookEventNames.WalletUpdated, body, out _), Is.EqualTo(WebhookVerificationFailure.InvalidPayload));
    }

    [TestCase("2025-04-11T08:00:12.000Z", TestName = "ISO 8601")]
    [TestCase("2025-04-11 08:00:12Z", TestName = "a space for the T")]
    [TestCase("2025-04-11T09:00:12.000+01:00", TestName = "an offset")]
    public void Verify_Timestamp_IsReadAsTheInstantItNames(string timestamp)
    {
        var body = Documented(WebhookEventNames.WalletUpdated).Replace("2025-04-11T08:00:12.000Z", timestamp, StringComparison.Ordinal);

        Assert.That(Verify(WebhookEventNames.WalletUpdated, body, out var evt), Is.EqualTo(WebhookVerificationFailure.None));
        Assert.That(((WebhookEvent<WalletUpdatedEvent>)evt!).Payload.Timestamp, Is.EqualTo(new DateTimeOffset(2025, 4, 11, 8, 0, 12, TimeSpan.Zero)));
    }

    [Test]
    public void Verify_RequiredMemberSpelledWithAnEscape_CountsAsPresent()
    {
        var body = Documented(WebhookEventNames.WalletUpdated).Replace("\"userId\"", "\"user\\u0049d\"", StringComparison.Ordinal);

        Assert.That(Verify(WebhookEventNames.WalletUpdated, body, out var evt), Is.EqualTo(WebhookVerificationFailure.None));
        Assert.That(((WebhookEvent<WalletUpdatedEvent>)evt!).Payload.UserId, Is.EqualTo("507f1f77bcf86cd799439011"));
    }
}
