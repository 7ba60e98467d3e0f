using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// A <c>webhook.test</c> delivery, sent when you call <c>POST /webhooks/test</c>.
/// </summary>
public sealed class TestWebhookEvent : WebhookEvent
{
    internal TestWebhookEvent(string eventName, bool isTest, string rawBody, WebhookTestEvent payload)
        : base(eventName, isTest, rawBody)
    {
        Payload = payload;
    }

    /// <summary>The payload as the generated model; members UGiftMe adds later are in <c>AdditionalProperties</c>.</summary>
    public WebhookTestEvent Payload { get; }

    /// <summary>When UGiftMe sent the test delivery.</summary>
    public DateTimeOffset SentAt => Payload.SentAt;

    /// <summary>The human-readable test message.</summary>
    public string? Message => Payload.Data?.Message;
}
