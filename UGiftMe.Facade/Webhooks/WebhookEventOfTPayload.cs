namespace UGiftMe;

/// <summary>
/// A verified webhook delivery with its body read as <typeparamref name="TPayload"/>, the model the spec gives the event:
/// <c>WebhookEvent&lt;OrderSucceededEvent&gt;</c> for <c>order.succeeded</c>, and so on for every event in
/// <see cref="WebhookEventNames"/> that has a payload schema. An event name without one (<c>payment.*</c>, or an event
/// UGiftMe adds later) arrives as <c>WebhookEvent&lt;JToken&gt;</c>, the parsed body; nothing is dropped.
/// </summary>
/// <typeparam name="TPayload">The generated payload model (from <c>UGiftMe.Models</c>), or <c>JToken</c>.</typeparam>
public sealed class WebhookEvent<TPayload> : WebhookEvent
    where TPayload : class
{
    internal WebhookEvent(string eventName, bool isTest, byte[] body, TPayload payload)
        : base(eventName, isTest, body)
    {
        Payload = payload;
    }

    /// <summary>
    /// The body as the generated model; members UGiftMe adds later are in its <c>AdditionalProperties</c>. For an event
    /// without a model, the parsed body (usually a <c>JObject</c>), with date strings kept as strings.
    /// </summary>
    public TPayload Payload { get; }
}
