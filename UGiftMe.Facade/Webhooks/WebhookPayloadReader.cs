using System.Buffers;
using System.Text;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using UGiftMe.Generated;

namespace UGiftMe;

/// <summary>
/// Turns a body whose signature was already checked into the typed event its name calls for. The events, their payload
/// models and the body member that repeats each name come from the spec (<c>WebhooksApi.WebhookEvents()</c>, generated from
/// <c>x-webhooks</c>); the members a payload requires come from its generated model (<c>Required.Always</c>).
/// </summary>
internal static class WebhookPayloadReader
{
    private static readonly Newtonsoft.Json.JsonSerializer Serializer = Newtonsoft.Json.JsonSerializer.Create(new JsonSerializerSettings
    {
        DateParseHandling = DateParseHandling.None,
    });

    // Strict RFC 8259 (no comments, trailing commas, NaN or single quotes) and no duplicate member names: a body read
    // one way here and another way by a later parser could smuggle a second value past the checks.
    private static readonly JsonDocumentOptions StrictJson = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly WebhookPayloadKind[] Events = WebhooksApi.WebhookEvents();

    private static readonly string[] KnownNames =
        [.. Events.Select(kind => kind.EventName).Union(WebhookEventNames.Subscribable, StringComparer.Ordinal)];

    /// <summary>
    /// The one spelling of an event name: header names are case-insensitive but the unsigned header's case must not
    /// make one signed body count as several deliveries.
    /// </summary>
    public static string CanonicalEventName(string eventName) =>
        Find(KnownNames, eventName, static (known, name) => string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
        ?? eventName.ToLowerInvariant();

    public static WebhookVerificationFailure TryRead(
        ReadOnlySpan<byte> body, string headerEventName, bool isTest, out WebhookEvent? webhookEvent, out string? problem)
    {
        webhookEvent = null;
        var eventName = CanonicalEventName(headerEventName);
        var bytes = body.ToArray(); // kept by the event, which makes its RawBody and IdempotencyKey from it when read
        var chars = ArrayPool<char>.Shared.Rent(StrictUtf8.GetMaxCharCount(bytes.Length));
        try
        {
            int length;
            JsonDocument document;
            try
            {
                length = StrictUtf8.GetChars(bytes, 0, bytes.Length, chars, 0);
                document = JsonDocument.Parse(bytes, StrictJson);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
            {
                // Invalid UTF-8 surfaces from the decoder as DecoderFallbackException, an ArgumentException.
                problem = $"The body of this '{eventName}' delivery is not accepted as UTF-8 JSON: {e.Message}";
                return WebhookVerificationFailure.InvalidPayload;
            }

            WebhookVerificationFailure failure;
            WebhookPayloadKind? kind;
            using (document)
            {
                failure = Check(document.RootElement, eventName, out kind, out problem);
            }

            if (failure != WebhookVerificationFailure.None)
            {
                return failure;
            }

            using var reader = new JsonTextReader(new CharsReader(chars, length)) { ArrayPool = CharPool.Instance, DateParseHandling = DateParseHandling.None };
            try
            {
                webhookEvent = kind is null
                    ? new WebhookEvent<JToken>(eventName, isTest, bytes, JToken.Load(reader))
                    : kind.Read(Serializer, reader, bytes, isTest);
                return WebhookVerificationFailure.None;
            }
            catch (Exception e) when (kind is not null && e is Newtonsoft.Json.JsonException or FormatException or InvalidCastException
                or OverflowException or ArgumentException)
            {
                problem = $"The body of this '{eventName}' delivery does not match the documented {kind.PayloadType.Name} shape: {e.Message}";
                return WebhookVerificationFailure.InvalidPayload;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    // Everything the body must be before it is read: finite numbers, the event its members imply, the members its
    // model requires.
    private static WebhookVerificationFailure Check(JsonElement json, string eventName, out WebhookPayloadKind? kind, out string? problem)
    {
        kind = Find(Events, eventName, static (known, name) => known.EventName == name);
        if (HasNonFiniteNumber(json))
        {
            problem = $"The body of this '{eventName}' delivery is not accepted as UTF-8 JSON: a number is outside the range of a double.";
            return WebhookVerificationFailure.InvalidPayload;
        }

        // Under any other name, known or not: a signed order body replayed as "something.new" would otherwise be a
        // second, distinct delivery of the same event.
        var implied = ImpliedEvent(json);
        if (implied is not null && implied.EventName != eventName)
        {
            problem = $"The body is that of a '{implied.EventName}' event, which contradicts the X-Webhook-Event header "
                + $"'{eventName}'. The header is not signed; the body may have been replayed under another event name.";
            return WebhookVerificationFailure.EventNameMismatch;
        }

        if (kind is null)
        {
            problem = null;
            return WebhookVerificationFailure.None;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            problem = $"The body of this '{eventName}' delivery is JSON {json.ValueKind}, not an object.";
            return WebhookVerificationFailure.InvalidPayload;
        }

        if (implied is null && kind.NameMember is { } member && json.TryGetProperty(member, out var actual)
            && actual.ValueKind == JsonValueKind.String
            && !string.Equals(actual.GetString(), kind.NameValue, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"The body says {member} '{actual.GetString()}', which contradicts the X-Webhook-Event "
                + $"header '{eventName}'. The header is not signed; the body may have been replayed under another event name.";
            return WebhookVerificationFailure.EventNameMismatch;
        }

        return CheckRequiredMembers(json, kind, eventName, out problem);
    }

    // The event a body describes on its own, by the member each event repeats its name in ("status": "succeeded").
    // Exact spellings first, so that a usual body is matched without copying a string out of it.
    private static WebhookPayloadKind? ImpliedEvent(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return Find(Events, json, static (kind, body) => NameValue(body, kind)?.ValueEquals(kind.NameValue) == true)
            ?? Find(Events, json, static (kind, body) => NameValue(body, kind)?.GetString() is { } value
                && string.Equals(value, kind.NameValue, StringComparison.OrdinalIgnoreCase));
    }

    // Array.Find without a closure and a delegate per delivery.
    private static T? Find<T, TState>(T[] items, TState state, Func<T, TState, bool> match)
        where T : class
    {
        foreach (var item in items)
        {
            if (match(item, state))
            {
                return item;
            }
        }

        return null;
    }

    private static JsonElement? NameValue(JsonElement json, WebhookPayloadKind kind) =>
        kind.NameMember is { } member && json.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String
            && (kind.IdentifiedWith is null || (json.TryGetProperty(kind.IdentifiedWith, out var identity) && identity.ValueKind == JsonValueKind.String))
            ? value
            : null;

    // A body without a member its model requires would reach the handler as a model full of nulls and zeros, so all of
    // them are named at once; a required text member must be JSON text, not a number Newtonsoft would turn into one.
    private static WebhookVerificationFailure CheckRequiredMembers(JsonElement json, WebhookPayloadKind kind, string eventName, out string? problem)
    {
        var contract = (JsonObjectContract)Serializer.ContractResolver.ResolveContract(kind.PayloadType);
        List<string>? missing = null;
        for (var i = 0; i < contract.Properties.Count; i++)
        {
            var member = contract.Properties[i];
            if (member.Required is not (Required.Always or Required.DisallowNull))
            {
                continue;
            }

            if (!json.TryGetProperty(member.PropertyName!, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                (missing ??= []).Add(member.PropertyName!);
            }
            else if (member.PropertyType == typeof(string) && value.ValueKind != JsonValueKind.String)
            {
                problem = $"The body of this '{eventName}' delivery has a {member.PropertyName} that is not a string.";
                return WebhookVerificationFailure.InvalidPayload;
            }
        }

        problem = missing is null ? null : $"The body of this '{eventName}' delivery lacks required member(s): {string.Join(", ", missing)}.";
        return missing is null ? WebhookVerificationFailure.None : WebhookVerificationFailure.InvalidPayload;
    }

    // A number too large for a double (1e400) would otherwise reach the handler as Infinity.
    private static bool HasNonFiniteNumber(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Number:
                return !json.TryGetDouble(out var number) || double.IsInfinity(number);
            case JsonValueKind.Object:
                foreach (var member in json.EnumerateObject())
                {
                    if (HasNonFiniteNumber(member.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in json.EnumerateArray())
                {
                    if (HasNonFiniteNumber(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
