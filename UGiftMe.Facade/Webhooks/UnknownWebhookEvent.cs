using Newtonsoft.Json.Linq;

namespace UGiftMe;

/// <summary>
/// A verified delivery whose event name this SDK has no model for, such as <c>payment.succeeded</c> or an event
/// UGiftMe adds later. The body is kept as parsed JSON and as text; nothing is dropped.
/// </summary>
public sealed class UnknownWebhookEvent : WebhookEvent
{
    internal UnknownWebhookEvent(string eventName, bool isTest, string rawBody, JToken json)
        : base(eventName, isTest, rawBody)
    {
        Json = json;
    }

    /// <summary>The parsed body (usually a <see cref="JObject"/>); date strings are kept as strings.</summary>
    public JToken Json { get; }
}
