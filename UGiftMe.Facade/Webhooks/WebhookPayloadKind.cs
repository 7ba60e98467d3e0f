using Newtonsoft.Json;

namespace UGiftMe;

/// <summary>
/// One event of the spec's <c>x-webhooks</c>, as generated into <c>WebhooksApi.WebhookEvents()</c>: its name, the body member
/// that repeats the name (<c>"status": "succeeded"</c>), and how to read its body as the payload model.
/// </summary>
internal abstract class WebhookPayloadKind
{
    private WebhookPayloadKind(string eventName, string? nameMember, string? nameValue, string? identifiedWith)
    {
        EventName = eventName;
        NameMember = nameMember;
        NameValue = nameValue;
        IdentifiedWith = identifiedWith;
    }

    public string EventName { get; }

    /// <summary>The body member that repeats the event name in its own words, if the event has one.</summary>
    public string? NameMember { get; }

    /// <summary>What <see cref="NameMember"/> holds in a body of this event.</summary>
    public string? NameValue { get; }

    /// <summary>
    /// A text member a body must also carry to be taken for this event on its own (<c>orderRequestId</c>): another
    /// event's body may use <see cref="NameMember"/> with the same value.
    /// </summary>
    public string? IdentifiedWith { get; }

    public abstract Type PayloadType { get; }

    public static WebhookPayloadKind Of<TPayload>(string eventName, string? nameMember = null, string? nameValue = null, string? identifiedWith = null)
        where TPayload : class => new Typed<TPayload>(eventName, nameMember, nameValue, identifiedWith);

    /// <summary>Reads the payload model from <paramref name="json"/> and wraps it in its event.</summary>
    public abstract WebhookEvent Read(JsonSerializer serializer, JsonReader json, byte[] body, bool isTest);

    private sealed class Typed<TPayload>(string eventName, string? nameMember, string? nameValue, string? identifiedWith)
        : WebhookPayloadKind(eventName, nameMember, nameValue, identifiedWith)
        where TPayload : class
    {
        public override Type PayloadType => typeof(TPayload);

        public override WebhookEvent Read(JsonSerializer serializer, JsonReader json, byte[] body, bool isTest) =>
            new WebhookEvent<TPayload>(EventName, isTest, body,
                serializer.Deserialize<TPayload>(json) ?? throw new JsonSerializationException("The body is JSON null."));
    }
}
