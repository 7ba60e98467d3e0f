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
}
