using System.Text;
using System.Text.Json;
using Newtonsoft.Json.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>Turns a body whose signature was already checked into the typed event its name calls for.</summary>
internal static class WebhookPayloadReader
{
    private static readonly Newtonsoft.Json.JsonSerializer Serializer = Newtonsoft.Json.JsonSerializer.Create(new JsonSerializerSettings
    {
        DateParseHandling = DateParseHandling.None,
    });

    // Strict RFC 8259 (no comments, trailing commas, NaN or single quotes), valid UTF-8, and no duplicate member names:
    // a body read one way here and another way by a later parser could smuggle a second value past the checks.
    private static readonly JsonReaderOptions StrictJson = new() { MaxDepth = 64 };

    private static readonly string[] KnownNames = [WebhookEventNames.WebhookTest, .. WebhookEventNames.Subscribable];

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
            json = Parse(body);
            text = Encoding.UTF8.GetString(body);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            // A string that is not UTF-8 surfaces from the reader as InvalidOperationException.
            problem = $"The body of this '{eventName}' delivery is not accepted as UTF-8 JSON: {e.Message}";
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
            WebhookEventNames.WebhookTest => Typed<WebhookTestEvent>(json, eventName, isTest, text, "type", eventName, out webhookEvent, out problem),
            WebhookEventNames.OrderQueued => Typed<OrderQueuedEvent>(json, eventName, isTest, text, "status", "queued", out webhookEvent, out problem),
            WebhookEventNames.OrderProcessing => Typed<OrderProcessingEvent>(json, eventName, isTest, text, "status", "processing", out webhookEvent, out problem),
            WebhookEventNames.OrderSucceeded => Typed<OrderSucceededEvent>(json, eventName, isTest, text, "status", "succeeded", out webhookEvent, out problem),
            WebhookEventNames.OrderFailed => Typed<OrderFailedEvent>(json, eventName, isTest, text, "status", "failed", out webhookEvent, out problem),
            WebhookEventNames.ProductUpdated => Typed<ProductUpdatedEvent>(json, eventName, isTest, text, null, null, out webhookEvent, out problem),
            WebhookEventNames.WalletUpdated => Typed<WalletUpdatedEvent>(json, eventName, isTest, text, null, null, out webhookEvent, out problem),
            _ => Unknown(json, eventName, isTest, text, out webhookEvent, out problem),
        };
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

    // One strict pass over the bytes builds the tree the models are read from.
    private static JToken Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, StrictJson);
        if (!reader.Read())
        {
            throw new System.Text.Json.JsonException("the body is empty.");
        }

        var json = Read(ref reader);
        return reader.Read() ? throw new System.Text.Json.JsonException("there is more after the JSON value.") : json;
    }

    private static JToken Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new JObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    if (members.ContainsKey(name))
                    {
                        throw new System.Text.Json.JsonException($"the member '{name}' appears twice.");
                    }

                    members.Add(name, Read(ref reader));
                }

                return members;
            case JsonTokenType.StartArray:
                var items = new JArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Read(ref reader));
                }

                return items;
            case JsonTokenType.String:
                return new JValue(reader.GetString());
            case JsonTokenType.Number when reader.TryGetInt64(out var whole):
                return new JValue(whole);
            case JsonTokenType.Number:
                // A number too large for a double (1e400) would otherwise reach the handler as Infinity.
                var number = reader.GetDouble();
                return double.IsFinite(number) ? new JValue(number)
                    : throw new System.Text.Json.JsonException($"the number {Encoding.UTF8.GetString(reader.ValueSpan)} is outside the range of a double.");
            case JsonTokenType.True or JsonTokenType.False:
                return new JValue(reader.GetBoolean());
            default:
                return JValue.CreateNull();
        }
    }

    private static WebhookVerificationFailure Unknown(
        JToken json, string eventName, bool isTest, string text, out WebhookEvent? webhookEvent, out string? problem)
    {
        problem = null;
        webhookEvent = new WebhookEvent<JToken>(eventName, isTest, text, json);
        return WebhookVerificationFailure.None;
    }

    // discriminator: a body member that repeats the event name in its own words ("status": "succeeded"), checked
    // when present because the event header is not signed. The members the model requires come from the spec (a schema
    // marked x-ugiftme-strict is generated with Required.Always): a body without them would reach the handler as a
    // model full of nulls and zeros, so all of them are named at once.
    private static WebhookVerificationFailure Typed<TPayload>(
        JToken json,
        string eventName,
        bool isTest,
        string text,
        string? discriminator,
        string? expected,
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

        var contract = (JsonObjectContract)Serializer.ContractResolver.ResolveContract(typeof(TPayload));
        var missing = contract.Properties.Where(member => member.Required is Required.Always or Required.DisallowNull)
            .Select(member => member.PropertyName!).Where(name => body[name] is null or { Type: JTokenType.Null }).ToList();
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
        webhookEvent = new WebhookEvent<TPayload>(eventName, isTest, text, payload);
        return WebhookVerificationFailure.None;
    }
}
