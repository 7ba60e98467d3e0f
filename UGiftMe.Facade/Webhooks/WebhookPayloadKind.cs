using Newtonsoft.Json;

namespace UGiftMe;

/// <summary>
/// One event of the spec's <c>x-webhooks</c>, as generated into <c>WebhooksApi.WebhookEvents()</c>: its name, the body member
/// that repeats the name (<c>"status": "succeeded"</c>), and how to read its body as the payload model.
/// </summary>
internal sealed class WebhookPayloadKind(
    string eventName, Type payloadType, string? nameMember, string? nameValue, string? identifiedWith,
    Func<JsonSerializer, JsonReader, byte[], bool, WebhookEvent> read)
{
    public string EventName { get; } = eventName;

    public Type PayloadType { get; } = payloadType;

    /// <summary>The body member that repeats the event name in its own words, if the event has one.</summary>
    public string? NameMember { get; } = nameMember;

    /// <summary>What <see cref="NameMember"/> holds in a body of this event.</summary>
    public string? NameValue { get; } = nameValue;

    /// <summary>
    /// A text member a body must also carry to be taken for this event on its own (<c>orderRequestId</c>): another
    /// event's body may use <see cref="NameMember"/> with the same value.
    /// </summary>
    public string? IdentifiedWith { get; } = identifiedWith;

    public static WebhookPayloadKind Of<TPayload>(string eventName, string? nameMember = null, string? nameValue = null, string? identifiedWith = null)
        where TPayload : class =>
        new(eventName, typeof(TPayload), nameMember, nameValue, identifiedWith, (serializer, json, body, isTest) =>
            new WebhookEvent<TPayload>(eventName, isTest, body,
                serializer.Deserialize<TPayload>(json) ?? throw new JsonSerializationException("The body is JSON null.")));

    /// <summary>Reads the payload model from <paramref name="json"/> and wraps it in its event.</summary>
    public WebhookEvent Read(JsonSerializer serializer, JsonReader json, byte[] body, bool isTest) => read(serializer, json, body, isTest);
}
