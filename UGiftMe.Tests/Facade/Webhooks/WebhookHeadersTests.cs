
namespace UGiftMe.Tests.Facade.Webhooks;

public sealed class WebhookHeadersTests
{
    [Test]
    public void From_StringDictionary_MatchesNamesCaseInsensitively()
    {
        var headers = WebhookHeaders.From(new Dictionary<string, string>
        {
            ["x-webhook-event"] = " order.failed ",
            ["X-WEBHOOK-SIGNATURE"] = "abc",
            ["X-Webhook-Delivery"] = "test",
            ["Content-Type"] = "application/json",
        });

        Assert.That(headers.EventName, Is.EqualTo("order.failed"));
        Assert.That(headers.Signature, Is.EqualTo("abc"));
        Assert.That(headers.IsTestDelivery, Is.True);
    }

    [Test]
    public void From_NonNullableStringDictionary_IsAccepted()
    {
        var headers = WebhookHeaders.From(new Dictionary<string, string> { ["X-Webhook-Signature"] = "s" });

        Assert.That(headers.Signature, Is.EqualTo("s"));
        Assert.That(headers.EventName, Is.Null);
    }

    [Test]
    public void From_MultiValueDictionary_TakesFirstValue()
    {
        var headers = WebhookHeaders.From(new Dictionary<string, string[]>
        {
            ["X-Webhook-Event"] = ["wallet.updated", "order.failed"],
            ["X-Webhook-Signature"] = ["sig"],
        });

        Assert.That(headers.EventName, Is.EqualTo("wallet.updated"));
        Assert.That(headers.Signature, Is.EqualTo("sig"));
        Assert.That(headers.IsTestDelivery, Is.False);
    }

    [Test]
    public void From_HttpRequestHeaders_ReadsWebhookHeaders()
    {
        using var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("X-Webhook-Event", "order.queued");
        request.Headers.TryAddWithoutValidation("x-webhook-signature", "deadbeef");

        var headers = WebhookHeaders.From(request.Headers);

        Assert.That(headers.EventName, Is.EqualTo("order.queued"));
        Assert.That(headers.Signature, Is.EqualTo("deadbeef"));
        Assert.That(headers.Delivery, Is.Null);
    }
}
