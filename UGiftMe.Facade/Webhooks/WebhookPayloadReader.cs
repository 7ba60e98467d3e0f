using System.Text;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>Turns a body whose signature was already checked into the typed event its name calls for.</summary>
internal static class WebhookPayloadReader
{
    private const int MaxDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Newtonsoft.Json.JsonSerializer Serializer = Newtonsoft.Json.JsonSerializer.Create(new JsonSerializerSettings
    {
        DateParseHandling = DateParseHandling.None,
        MaxDepth = MaxDepth,
    });

    // Strict RFC 8259 (no comments, trailing commas, NaN or single quotes) and no duplicate member names: a body
    // read one way here and another way by a later parser could smuggle a second value past the checks.
    private static readonly JsonDocumentOptions StrictJson = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    private static readonly string[] KnownNames =
    [
        WebhookEventNames.WebhookTest, WebhookEventNames.OrderQueued, WebhookEventNames.OrderProcessing,
        WebhookEventNames.OrderSucceeded, WebhookEventNames.OrderFailed, WebhookEventNames.ProductUpdated,
        WebhookEventNames.WalletUpdated, WebhookEventNames.PaymentSucceeded, WebhookEventNames.PaymentFailed,
    ];

    /// <summary>
    /// The one spelling of an event name: header names are case-insensitive but the unsigned header's case must not
    /// make one signed body count as several deliveries.
    /// </summary>
    public static string CanonicalEventName(string eventName) =>
        Array.Find(KnownNames, known => string.Equals(known, eventName, StringComparison.OrdinalIgnoreCase))
        ?? eventName.ToLowerInvariant();

    public static WebhookVerificationFailure TryRead(
        ReadOnlySpan<byte> body, string headerEventName, bool isTest, out WebhookEvent? webhookEvent, out string? problem)
    {
        webhookEvent = null;
        var eventName = CanonicalEventName(headerEventName);
        string text;
        JToken json;
        try
        {
            text = StrictUtf8.GetString(body);
            problem = CheckStrict(body);
            if (problem is not null)
            {
                problem = $"The body of this '{eventName}' delivery is not accepted: {problem}";
                return WebhookVerificationFailure.InvalidPayload;
            }

            json = Parse(text);
        }
        catch (Exception e) when (e is DecoderFallbackException or Newtonsoft.Json.JsonException or System.Text.Json.JsonException)
        {
            problem = $"The body of this '{eventName}' delivery is not valid UTF-8 JSON: {e.Message}";
            return WebhookVerificationFailure.InvalidPayload;
        }

        // Under any other name, known or not: a signed order body replayed as "something.new" would otherwise be a
        // second, distinct delivery of the same event.
        if (ImpliedEventName(json) is { } implied && !string.Equals(implied, eventName, StringComparison.Ordinal))
        {
            problem = $"The body is that of a '{implied}' event, which contradicts the X-Webhook-Event header "
                + $"'{eventName}'. The header is not signed; the body may have been replayed under another event name.";
            return WebhookVerificationFailure.EventNameMismatch;
        }

        return eventName switch
        {
            WebhookEventNames.WebhookTest => Typed<WebhookTestEvent>(json, eventName, "type", eventName, ["type", "sentAt", "data"],
                payload => new TestWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.OrderQueued => Typed<OrderQueuedEvent>(json, eventName, "status", "queued", ["orderRequestId", "status", "type", "timestamp"],
                payload => new OrderQueuedWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.OrderProcessing => Typed<OrderProcessingEvent>(json, eventName, "status", "processing", ["orderRequestId"],
                payload => new OrderProcessingWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.OrderSucceeded => Typed<OrderSucceededEvent>(json, eventName, "status", "succeeded", ["orderRequestId", "status", "type", "result", "timestamp"],
                payload => new OrderSucceededWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.OrderFailed => Typed<OrderFailedEvent>(json, eventName, "status", "failed", ["orderRequestId", "status", "error", "timestamp"],
                payload => new OrderFailedWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.ProductUpdated => Typed<ProductUpdatedEvent>(json, eventName, null, null, [],
                payload => new ProductUpdatedWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            WebhookEventNames.WalletUpdated => Typed<WalletUpdatedEvent>(json, eventName, null, null, ["userId", "currency", "balance", "availableBalance", "source", "timestamp"],
                payload => new WalletUpdatedWebhookEvent(eventName, isTest, text, payload), out webhookEvent, out problem),
            _ => Unknown(json, eventName, isTest, text, out webhookEvent, out problem),
        };
    }

    private static string? CheckStrict(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray(), StrictJson);
        return FirstNonFinite(document.RootElement);
    }

    // A number too large for a double (1e400) would otherwise reach the handler as Infinity.
    private static string? FirstNonFinite(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when !double.IsFinite(element.GetDouble()):
                return $"the number {element.GetRawText()} is outside the range of a double.";
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (FirstNonFinite(member.Value) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstNonFinite(item) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    // The event a body describes on its own: the test delivery names itself in "type"; an order event's body holds
    // its orderRequestId and a status that is the event's last word.
    private static string? ImpliedEventName(JToken json)
    {
        if (json is not JObject body)
        {
            return null;
        }

        if (body["type"] is JValue { Type: JTokenType.String } type
            && string.Equals((string?)type, WebhookEventNames.WebhookTest, StringComparison.OrdinalIgnoreCase))
        {
            return WebhookEventNames.WebhookTest;
        }

        if (body["orderRequestId"] is JValue { Type: JTokenType.String } && body["status"] is JValue { Type: JTokenType.String } status)
        {
            var named = "order." + ((string?)status)!.ToLowerInvariant();
            return Array.IndexOf(KnownNames, named) >= 0 ? named : null;
        }

        return null;
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
    // when present because the event header is not signed. required: the members the docs mark required; a body
    // without them would reach the handler as a model full of nulls and zeros.
    private static WebhookVerificationFailure Typed<TPayload>(
        JToken json,
        string eventName,
        string? discriminator,
        string? expected,
        string[] required,
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

        var missing = required.Where(name => body[name] is null or { Type: JTokenType.Null }).ToList();
        if (missing.Count > 0)
        {
            problem = $"The body of this '{eventName}' delivery lacks required member(s): {string.Join(", ", missing)}.";
            return WebhookVerificationFailure.InvalidPayload;
        }

        if (body["orderRequestId"] is { } orderRequestId && orderRequestId.Type != JTokenType.String)
        {
            problem = $"The body of this '{eventName}' delivery has an orderRequestId that is not a string.";
            return WebhookVerificationFailure.InvalidPayload;
        }

        TPayload? payload;
        try
        {
            payload = body.ToObject<TPayload>(Serializer);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or FormatException or InvalidCastException or OverflowException
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
