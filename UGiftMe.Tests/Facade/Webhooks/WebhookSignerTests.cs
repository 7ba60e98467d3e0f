using System.Text;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;
using UGiftMe.Testing;

namespace UGiftMe.Tests.Facade.Webhooks;

public sealed class WebhookSignerTests
{
    private const string Secret = "a1b2c3d4e5f678901234567890abcdef1234567890abcdef1234567890abcd";

    [Test]
    public void ComputeSignature_SameAsNodeJsHmacHex()
    {
        const string body =
            "{\"orderRequestId\":\"65e4f5b6c7d8e90123456789\",\"status\":\"succeeded\",\"type\":\"single\","
            + "\"result\":{\"orderId\":\"65f5a6b7c8d9e01234567890\"},\"timestamp\":\"2025-04-11T08:00:12.000Z\"}";

        var signature = new WebhookSigner(Secret).ComputeSignature(body);

        Assert.That(signature, Is.EqualTo("ceaa7a20db477513534837c11f71d3b8508d8bcd9a9239faa5d1e00fc01209a4"));
    }

    [Test]
    public void CreateDelivery_GeneratedModel_SerializesLikeJsonStringify()
    {
        var payload = new OrderSucceededEvent
        {
            OrderRequestId = "65e4f5b6c7d8e90123456789",
            Status = "succeeded",
            Type = "single",
            Result = new OrderSucceededResult { OrderId = "65f5a6b7c8d9e01234567890" },
            Timestamp = new DateTimeOffset(2025, 4, 11, 9, 0, 12, TimeSpan.FromHours(1)),
        };

        var delivery = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderSucceeded, payload);

        Assert.That(delivery.BodyText, Is.EqualTo(
            "{\"orderRequestId\":\"65e4f5b6c7d8e90123456789\",\"status\":\"succeeded\",\"type\":\"single\","
            + "\"result\":{\"orderId\":\"65f5a6b7c8d9e01234567890\"},\"timestamp\":\"2025-04-11T08:00:12.000Z\"}"));
        Assert.That(delivery.Signature, Is.EqualTo("ceaa7a20db477513534837c11f71d3b8508d8bcd9a9239faa5d1e00fc01209a4"));
    }

    [Test]
    public void CreateDelivery_TestDelivery_HasAllHeadersUGiftMeSends()
    {
        var delivery = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.WebhookTest, new { type = "webhook.test" }, isTest: true);

        Assert.That(delivery.Headers, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json",
            ["X-Webhook-Event"] = "webhook.test",
            ["X-Webhook-Signature"] = delivery.Signature,
            ["X-Webhook-Delivery"] = "test",
        }));
    }

    [Test]
    public async Task ToHttpRequestMessage_CarriesExactBodyAndHeaders()
    {
        var delivery = new WebhookSigner(Secret).CreateDelivery("order.queued", JObject.Parse("{\"orderRequestId\":\"r\"}"));

        using var request = delivery.ToHttpRequestMessage(new Uri("http://localhost/hooks"));

        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(await request.Content!.ReadAsByteArrayAsync(), Is.EqualTo(delivery.Body.ToArray()));
        Assert.That(request.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(request.Headers.GetValues("X-Webhook-Signature"), Is.EqualTo(new[] { delivery.Signature }));
        Assert.That(request.Headers.GetValues("X-Webhook-Event"), Is.EqualTo(new[] { "order.queued" }));
        Assert.That(request.Headers.Contains("X-Webhook-Delivery"), Is.False);
    }

    [Test]
    public void CreateDelivery_BodyBytes_IsCopiedSoLaterChangesDoNotAlterIt()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var delivery = new WebhookSigner(Secret).CreateDelivery("x", body);

        body[0] = (byte)'[';

        Assert.That(delivery.BodyText, Is.EqualTo("{}"));
    }

    [Test]
    public void ToString_NeverShowsSecret()
    {
        Assert.That(new WebhookSigner(Secret).ToString(), Does.Not.Contain(Secret));
    }
}
