using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>Turns a body whose signature was already checked into the typed event its name calls for.</summary>
internal static class WebhookPayloadReader
{
    private const int MaxDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        DateParseHandling = DateParseHandling.None,
        MaxDepth = MaxDepth,
    });

    public static WebhookVerificationFailure TryRead(
        ReadOnlySpan<byte> body, string eventName, bool isTest, out WebhookEvent? webhookEvent, out string? problem)
    {
        webhookEvent = null;
        string text;
        JToken json;
        try
        {
            text = StrictUtf8.GetString(body);
            json = Parse(text);
        }
        catch (Exception e) when (e is DecoderFallbackException or JsonException)
        {
            problem = $"The body of this '{eventName}' delivery is not valid UTF-8 JSON: {e.Message}";
            return WebhookVerificationFailure.InvalidPayload;
        }

        return eventName.ToLowerInvariant() switch
        {
            WebhookEventNames.WebhookTest => Typed<WebhookTestEvent>(json, eventName, "type", eventName, false,
                payload => new TestWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.OrderQueued => Typed<OrderQueuedEvent>(json, eventName, "status", "queued", true,
                payload => new OrderQueuedWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.OrderProcessing => Typed<OrderProcessingEvent>(json, eventName, "status", "processing", false,
                payload => new OrderProcessingWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.OrderSucceeded => Typed<OrderSucceededEvent>(json, eventName, "status", "succeeded", true,
                payload => new OrderSucceededWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.OrderFailed => Typed<OrderFailedEvent>(json, eventName, "status", "failed", true,
                payload => new OrderFailedWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.ProductUpdated => Typed<ProductUpdatedEvent>(json, eventName, null, null, false,
                payload => new ProductUpdatedWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.WalletUpdated => Typed<WalletUpdatedEvent>(json, eventName, null, null, false,
                payload => new WalletUpdatedWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            _ => Unknown(json, eventName, isTest, text, out webhookEvent, out problem),
        };
    }

    private static JToken Parse(string text)
    {
        using var reader = new JsonTextReader(new StringReader(text))
        {
            DateParseHandling = DateParseHandling.None,
            MaxDepth = MaxDepth,
        };
        var json = JToken.ReadFrom(reader);
        if (reader.Read())
        {
            throw new JsonReaderException("Unexpected content after the JSON value.");
        }

        return json;
    }

    private static WebhookVerificationFailure Unknown(
        JToken json, string eventName, bool isTest, string text, out WebhookEvent? webhookEvent, out string? problem)
    {
        problem = null;
        webhookEvent = new UnknownWebhookEvent(eventName, isTest, text, json);
        return WebhookVerificationFailure.None;
    }

    // discriminator: a body member that repeats the event name in its own words ("status": "succeeded"), checked
    // when present because the event header is not signed. orderRequestIdRequired: the documented key handlers use.
    private static WebhookVerificationFailure Typed<TPayload>(
        JToken json,
        string eventName,
        string? discriminator,
        string? expected,
        bool orderRequestIdRequired,
        Func<TPayload, WebhookEvent> create,
        out WebhookEvent? webhookEvent,
        out string? problem)
        where TPayload : class
    {
        webhookEvent = null;
        if (json is not JObject body)
        {
            problem = $"The body of this '{eventName}' delivery is JSON {json.Type}, not an object.";
            return WebhookVerificationFailure.InvalidPayload;
        }

        if (discriminator is not null
            && body[discriminator] is JValue { Type: JTokenType.String } actual
            && !string.Equals((string?)actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"The body says {discriminator} '{(string?)actual}', which contradicts the X-Webhook-Event "
                + $"header '{eventName}'. The header is not signed; the body may have been replayed under another event name.";
            return WebhookVerificationFailure.EventNameMismatch;
        }

        if (orderRequestIdRequired && body["orderRequestId"] is not JValue { Type: JTokenType.String })
        {
            problem = $"The body of this '{eventName}' delivery has no orderRequestId string.";
            return WebhookVerificationFailure.InvalidPayload;
        }

        TPayload? payload;
        try
        {
            payload = body.ToObject<TPayload>(Serializer);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidCastException or OverflowException
            or ArgumentException)
        {
            problem = $"The body of this '{eventName}' delivery does not match the documented {typeof(TPayload).Name} "
                + $"shape: {e.Message}";
            return WebhookVerificationFailure.InvalidPayload;
        }

        if (payload is null)
        {
            problem = $"The body of this '{eventName}' delivery is empty.";
            return WebhookVerificationFailure.InvalidPayload;
        }

        problem = null;
        webhookEvent = create(payload);
        return WebhookVerificationFailure.None;
    }
}
