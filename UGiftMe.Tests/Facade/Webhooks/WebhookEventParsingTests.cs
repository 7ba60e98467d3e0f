using System.Text;
using Newtonsoft.Json.Linq;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;
using UGiftMe.Models;

namespace UGiftMe.Tests.Facade.Webhooks;

/// <summary>Every documented webhook example, signed as UGiftMe signs it, verifies into its typed event.</summary>
public sealed class WebhookEventParsingTests
{
    private const string Secret = "whsec-test-0123456789abcdef";

    private static readonly WebhookSigner Signer = new(Secret);
    private static readonly WebhookVerifier Verifier = new(Secret);

    public static IEnumerable<TestCaseData> DocumentedExamples()
    {
        yield return Case(WebhookEventNames.WebhookTest, typeof(WebhookEvent<WebhookTestEvent>));
        yield return Case(WebhookEventNames.OrderQueued, typeof(WebhookEvent<OrderQueuedEvent>));
        yield return Case(WebhookEventNames.OrderProcessing, typeof(WebhookEvent<OrderProcessingEvent>));
        yield return Case(WebhookEventNames.OrderSucceeded, typeof(WebhookEvent<OrderSucceededEvent>));
        yield return Case(WebhookEventNames.OrderFailed, typeof(WebhookEvent<OrderFailedEvent>));
        yield return Case(WebhookEventNames.ProductUpdated, typeof(WebhookEvent<ProductUpdatedEvent>));
        yield return Case(WebhookEventNames.WalletUpdated, typeof(WebhookEvent<WalletUpdatedEvent>));

        static TestCaseData Case(string eventName, Type expected) =>
            new TestCaseData(eventName, expected).SetArgDisplayNames(eventName);
    }

    [Test]
    public void DocumentedExamples_CoverEveryWebhookFixture()
    {
        var fixtures = DocumentedFixture.All().Where(path => path.StartsWith("webhooks/", StringComparison.Ordinal))
            .Select(path => Path.GetFileNameWithoutExtension(path)).Order();
        var covered = DocumentedExamples().Select(c => (string)c.Arguments[0]!).Order();

        Assert.That(covered, Is.EqualTo(fixtures));
    }

    [TestCaseSource(nameof(DocumentedExamples))]
    public void Verify_SignedDocumentedExample_ReturnsTypedEventWithPayload(string eventName, Type expectedType)
    {
        var fixture = DocumentedFixture.Load($"webhooks/{eventName}.json");
        var delivery = Signer.CreateDelivery(eventName, Encoding.UTF8.GetBytes(fixture.BodyText));

        var evt = Verifier.Verify(delivery.Body.Span, delivery.ToWebhookHeaders());

        Assert.That(evt, Is.InstanceOf(expectedType));
        Assert.That(evt.EventName, Is.EqualTo(eventName));
        Assert.That(evt.RawBody, Is.EqualTo(fixture.BodyText));
        var payload = evt.GetType().GetProperty("Payload")!.GetValue(evt);
        Assert.That(payload!.GetType().Name, Is.EqualTo(fixture.Model));
        Assert.That(JsonEquivalence.Diff(fixture.Body, JToken.FromObject(payload)), Is.Null);
    }

    [Test]
    public void Verify_OrderQueuedExample_ReadsThePayload()
    {
        var evt = (WebhookEvent<OrderQueuedEvent>)VerifyFixture(WebhookEventNames.OrderQueued);

        Assert.That(evt.Payload.OrderRequestId, Is.EqualTo("65e4f5b6c7d8e90123456789"));
        Assert.That(evt.Payload.Type, Is.EqualTo("bulk"));
        Assert.That(evt.Payload.OrderCount, Is.EqualTo(25));
        Assert.That(evt.Payload.Timestamp, Is.EqualTo(new DateTimeOffset(2025, 4, 11, 8, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Verify_OrderFailedExample_ExposesError()
    {
        var evt = (WebhookEvent<OrderFailedEvent>)VerifyFixture(WebhookEventNames.OrderFailed);

        Assert.That(evt.Payload.OrderRequestId, Is.EqualTo("65e4f5b6c7d8e90123456789"));
        Assert.That(evt.Payload.Error, Does.StartWith("Insufficient available balance"));
    }

    [Test]
    public void Verify_WalletUpdatedExample_ExposesBalances()
    {
        var evt = (WebhookEvent<WalletUpdatedEvent>)VerifyFixture(WebhookEventNames.WalletUpdated);

        Assert.That(evt.Payload.Currency, Is.EqualTo("GBP"));
        Assert.That(evt.Payload.Balance, Is.EqualTo(950.5));
        Assert.That(evt.Payload.AvailableBalance, Is.EqualTo(900.5));
        Assert.That(evt.Payload.Source, Is.EqualTo("api_order_async"));
        Assert.That(evt.Payload.Transaction!.OrderId, Is.EqualTo("65f5a6b7c8d9e01234567890"));
    }

    [Test]
    public void Verify_WebhookTestExample_ExposesMessageAndSentAt()
    {
        var evt = (WebhookEvent<WebhookTestEvent>)VerifyFixture(WebhookEventNames.WebhookTest, isTest: true);

        Assert.That(evt.IsTest, Is.True);
        Assert.That(evt.Payload.Data?.Message, Does.StartWith("This is a test delivery"));
        Assert.That(evt.Payload.SentAt, Is.EqualTo(new DateTimeOffset(2025, 4, 11, 8, 15, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Verify_ProductUpdatedWithUndocumentedMembers_KeepsThemInAdditionalProperties()
    {
        var delivery = Signer.CreateDelivery(WebhookEventNames.ProductUpdated,
            new { productCode = "TESCO-GBP-50", denominations = new[] { 10, 50 } });

        var evt = (WebhookEvent<ProductUpdatedEvent>)Verifier.Verify(delivery.Body.Span, delivery.ToWebhookHeaders());

        Assert.That(evt.Payload.ProductCode, Is.EqualTo("TESCO-GBP-50"));
        Assert.That(evt.Payload.AdditionalProperties.Keys, Does.Contain("denominations"));
    }

    [TestCase(WebhookEventNames.PaymentSucceeded)]
    [TestCase(WebhookEventNames.PaymentFailed)]
    [TestCase("invoice.created")]
    public void Verify_EventWithoutModel_ReturnsUnknownEventWithJsonKept(string eventName)
    {
        var delivery = Signer.CreateDelivery(eventName,
            JObject.Parse("{\"paymentId\":\"p1\",\"amount\":12.5,\"at\":\"2025-04-11T08:00:00.000Z\"}"));

        var evt = Verifier.Verify(delivery.Body.Span, delivery.ToWebhookHeaders());

        Assert.That(evt, Is.InstanceOf<WebhookEvent<JToken>>());
        var unknown = (WebhookEvent<JToken>)evt;
        Assert.That(unknown.EventName, Is.EqualTo(eventName));
        Assert.That((string?)unknown.Payload["paymentId"], Is.EqualTo("p1"));
        Assert.That((string?)unknown.Payload["at"], Is.EqualTo("2025-04-11T08:00:00.000Z"), "dates stay text");
        Assert.That(unknown.RawBody, Is.EqualTo(delivery.BodyText));
    }

    [Test]
    public void Verify_EventNameInOtherCase_StillMapsToTypedEvent()
    {
        var fixture = DocumentedFixture.Load("webhooks/order.failed.json");
        var delivery = Signer.CreateDelivery("Order.Failed", Encoding.UTF8.GetBytes(fixture.BodyText));

        var evt = Verifier.Verify(delivery.Body.Span, delivery.ToWebhookHeaders());

        Assert.That(evt, Is.InstanceOf<WebhookEvent<OrderFailedEvent>>());
        Assert.That(evt.EventName, Is.EqualTo(WebhookEventNames.OrderFailed), "the header's case is not part of the event");
    }

    [Test]
    public void IdempotencyKey_SameDeliveryTwice_IsEqual_AndDiffersByEventOrBody()
    {
        var first = Signer.CreateDelivery("x.y", JObject.Parse("{\"a\":1}"));
        var otherEvent = Signer.CreateDelivery("x.z", JObject.Parse("{\"a\":1}"));
        var otherBody = Signer.CreateDelivery("x.y", JObject.Parse("{\"a\":2}"));

        string Key(SignedWebhookDelivery d) => Verifier.Verify(d.Body.Span, d.ToWebhookHeaders()).IdempotencyKey;

        var firstKey = Key(first);
        Assert.That(Key(first), Is.EqualTo(firstKey).And.Length.EqualTo(64));
        Assert.That(Key(otherEvent), Is.Not.EqualTo(Key(first)));
        Assert.That(Key(otherBody), Is.Not.EqualTo(Key(first)));
    }

    private static WebhookEvent VerifyFixture(string eventName, bool isTest = false)
    {
        var fixture = DocumentedFixture.Load($"webhooks/{eventName}.json");
        var delivery = Signer.CreateDelivery(eventName, Encoding.UTF8.GetBytes(fixture.BodyText), isTest);
        return Verifier.Verify(delivery.Body.Span, delivery.ToWebhookHeaders());
    }
}
