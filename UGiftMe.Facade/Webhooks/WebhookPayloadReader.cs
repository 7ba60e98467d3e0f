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
    private static readonly WebhookPayloadKind[] Events = WebhooksApi.WebhookEvents();

    private static readonly DefaultContractResolver Contracts = new();

    private static readonly string[][] RequiredByEvent = TakeRequiredMembers();

    // Read strictly (StrictJsonReader): a body read one way here and another way by a later parser could smuggle a
    // second value past the checks. The names the payload models know, and the words that name an event ("succeeded"),
    // are read without a string per delivery.
    private static readonly KnownJsonNames PayloadMemberNames = new(
        Events.SelectMany(kind => new[] { kind.NameMember, kind.IdentifiedWith }).OfType<string>(),
        RequiredByEvent.SelectMany(members => members),
        Events.SelectMany(kind => MemberNames(kind.PayloadType, [])).Concat(Events.Select(kind => kind.NameValue).OfType<string>()));

    private static readonly Newtonsoft.Json.JsonSerializer Serializer =
        Newtonsoft.Json.JsonSerializer.Create(new JsonSerializerSettings { ContractResolver = Contracts });

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
        var kind = Find(Events, eventName, static (known, name) => known.EventName == name);
        var bytes = body.ToArray(); // kept by the event, which makes its RawBody and IdempotencyKey from it when read
        using var json = StrictJsonReader.Over(bytes, PayloadMemberNames);
        WebhookEvent? read = null;
        Exception? misfit = null;
        try
        {
            try
            {
                read = kind is null
                    ? new WebhookEvent<JToken>(eventName, isTest, bytes, JToken.Load(json))
                    : kind.Read(Serializer, json, bytes, isTest);
            }
            catch (Exception e) when (kind is not null && e is Newtonsoft.Json.JsonException or FormatException or InvalidCastException
                or OverflowException or ArgumentException)
            {
                misfit = e; // the checks below come first, and they need the rest of the body
            }

            json.ReadToEnd();
        }
        catch (System.Text.Json.JsonException e)
        {
            problem = $"The body of this '{eventName}' delivery is not accepted as UTF-8 JSON: {e.Message}";
            return WebhookVerificationFailure.InvalidPayload;
        }

        var failure = Check(json, eventName, kind, out problem);
        if (failure == WebhookVerificationFailure.None && misfit is not null)
        {
            problem = $"The body of this '{eventName}' delivery does not match the documented {kind!.PayloadType.Name} shape: {misfit.Message}";
            return WebhookVerificationFailure.InvalidPayload;
        }

        webhookEvent = failure == WebhookVerificationFailure.None ? read : null;
        return failure;
    }

    // What the body must be besides strict JSON that fits its model: of the event its members imply, an object when the
    // event has a model, with the members the model requires.
    private static WebhookVerificationFailure Check(StrictJsonReader json, string eventName, WebhookPayloadKind? kind, out string? problem)
    {
        // Under any other name, known or not: a signed order body replayed as "something.new" would otherwise be a
        // second, distinct delivery of the same event.
        var implied = Find(Events, json, static (kind, body) => body.TopLevelText(kind.NameMember) is { } value
            && string.Equals(value, kind.NameValue, StringComparison.OrdinalIgnoreCase)
            && (kind.IdentifiedWith is null || body.TopLevelText(kind.IdentifiedWith) is not null));
        if (implied is not null && implied.EventName != eventName)
        {
            problem = $"The body is that of event '{implied.EventName}', which contradicts the X-Webhook-Event header "
                + $"'{eventName}'. The header is not signed; the body may have been replayed under another event name.";
            return WebhookVerificationFailure.EventNameMismatch;
        }

        if (kind is null)
        {
            problem = null;
            return WebhookVerificationFailure.None;
        }

        if (json.Root != JsonTokenType.StartObject)
        {
            problem = $"The body of this '{eventName}' delivery is JSON {json.Root switch
            {
                JsonTokenType.StartArray => "array",
                JsonTokenType.String => "text",
                _ => json.Root.ToString().ToLowerInvariant(),
            }}, not an object.";
            return WebhookVerificationFailure.InvalidPayload;
        }

        if (implied is null && kind.NameMember is { } member && json.TopLevelText(member) is { } actual
            && !string.Equals(actual, kind.NameValue, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"The body says {member} '{actual}', which contradicts the X-Webhook-Event "
                + $"header '{eventName}'. The header is not signed; the body may have been replayed under another event name.";
            return WebhookVerificationFailure.EventNameMismatch;
        }

        // A body without a member its model requires would reach the handler as a model full of nulls and zeros, so all
        // of them are named at once.
        List<string>? missing = null;
        foreach (var required in RequiredByEvent[Array.IndexOf(Events, kind)])
        {
            if (!json.HasTopLevel(required))
            {
                (missing ??= []).Add(required);
            }
        }

        problem = missing is null ? null : $"The body of this '{eventName}' delivery lacks required member(s): {string.Join(", ", missing)}.";
        return missing is null ? WebhookVerificationFailure.None : WebhookVerificationFailure.InvalidPayload;
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

    // The members each payload requires, per event. They are checked from what the reader saw, all named at once, so
    // they are then cleared from the contracts and the serializer does not track them again (a dictionary per body).
    private static string[][] TakeRequiredMembers()
    {
        var contracts = Events.Select(kind => ((JsonObjectContract)Contracts.ResolveContract(kind.PayloadType)).Properties).ToArray();
        string[][] required = [.. contracts.Select(members => members
            .Where(member => member.Required is Required.Always or Required.DisallowNull).Select(member => member.PropertyName!).ToArray())];
        foreach (var member in contracts.SelectMany(members => members))
        {
            member.Required = Required.Default;
        }

        return required;
    }

    // The member names of a model and of the models it holds.
    private static IEnumerable<string> MemberNames(Type type, HashSet<Type> seen)
    {
        var contract = seen.Add(type) ? Contracts.ResolveContract(type) : null;
        var members = contract is JsonObjectContract model ? model.Properties.Where(member => !member.Ignored) : [];
        var held = contract switch
        {
            JsonObjectContract => members.Select(member => member.PropertyType!),
            JsonArrayContract { CollectionItemType: { } item } => [item],
            JsonDictionaryContract { DictionaryValueType: { } value } => [value],
            _ => [],
        };
        return members.Select(member => member.PropertyName!).Concat(held.SelectMany(inner => MemberNames(inner, seen)));
    }
}
