using System.Globalization;
using System.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace UGiftMe;

/// <summary>
/// The one place a failed call becomes an exception: a final non-2xx response, a transport failure or timeout, or a
/// response that could not be read. Every text it puts in an exception passes the redactor.
/// </summary>
internal static class ErrorMapper
{
    public const int MaxRawBodyChars = 16 * 1024;

    public static UGiftMeException FromResponse(HttpResponseMessage response, CallContext call, ClientState state, TimeSpan? refusedWait)
    {
        var redactor = state.Redactor;
        var status = (int)response.StatusCode;
        var rawBody = RawBody(call, redactor);
        // Parse the redacted text, so every field taken from the body (details included) is free of secrets too.
        var body = TryParseObject(rawBody);
        var context = Context(call, redactor) with
        {
            StatusCode = status,
            Error = Text(body, "error"),
            ServerMessage = Text(body, "message"),
            Reason = Text(body, "reason"),
            Details = body?["details"]?.DeepClone(),
            RawBody = rawBody,
            BodyLength = call.LastBody.Length,
            Headers = Headers(response, redactor),
        };

        var summary = redactor.Redact(Summary(response, context, rawBody is { Length: > 0 } && body is null))!;
        var resend = UnknownOutcome(call, status >= 500 || status == 429);
        return status switch
        {
            >= 300 and < 400 => new RedirectNotFollowedException(
                $"{summary} The SDK does not follow redirects (the API key must not reach another address); check UGiftMeClientOptions.BaseAddress against {First(context, "Location") ?? "the Location header"}.",
                context, First(context, "Location")),
            400 when MentionsIdempotency(context) => new IdempotencyKeyReusedException(
                summary + IdempotencyGuidance.AfterKeyReused(context.IdempotencyKey), context),
            400 => new ValidationFailedException(summary, context, validEvents: Strings(body, "validEvents")),
            401 => new AuthenticationFailedException(
                $"{summary} Check UGiftMeClientOptions.ApiKey, and that a sandbox key is used with the sandbox and a production key with production.", context),
            402 => new InsufficientFundsException(
                summary + " Top up the wallet." + IdempotencyGuidance.AfterRefusal(context.IdempotencyKey), context, required: Number(body, "required"), available: Number(body, "available"), currency: Text(body, "currency"), failureReason: context.Error),
            403 => new PermissionDeniedException(
                $"{summary} If the key has an IP allow list, this machine's address must be on it; on /auth, 403 also means the business profile is incomplete.", context),
            404 => new ResourceNotFoundException(summary, context),
            429 => new RateLimitedException(RateLimitedMessage(summary, refusedWait) + resend, context,
                retryAfter: refusedWait ?? RetryHints.WaitRequested(response, state.TimeProvider.GetUtcNow())),
            >= 500 => new ServerErrorException(summary + resend, context),
            _ => new UGiftMeException(summary, context),
        };
    }

    // timeoutSetting: the option whose limit ran out, when the failure is a timeout.
    public static UGiftMeTransportException FromTransportFailure(Exception failure, CallContext call, ClientState state, string? timeoutSetting)
    {
        var context = Context(call, state.Redactor);
        var retried = call.RetryCount == 0 ? "" : $" after {call.RetryCount} retries";
        var resend = UnknownOutcome(call, unknown: true);
        if (timeoutSetting is not null)
        {
            return new UGiftMeTransportException(
                $"UGiftMe {context.Method} {context.Path} got no response within UGiftMeClientOptions.{timeoutSetting}{retried}; raise it if the API is slow.{resend}",
                context, state.Redactor.Redact(failure), isTimeout: true);
        }

        return new UGiftMeTransportException(
            $"UGiftMe {context.Method} {context.Path} could not be sent{retried}: {state.Redactor.Redact(failure.Message)} " +
            $"Check network access to {call.Request?.RequestUri?.GetLeftPart(UriPartial.Authority)} (UGiftMeClientOptions.BaseAddress / Environment); " +
            $"retries are set by UGiftMeClientOptions.Retry.{resend}",
            context, state.Redactor.Redact(failure));
    }

    /// <summary>A response that arrived but could not be read (too large, corrupt compression, not the documented model).</summary>
    public static UnreadableResponseException Unreadable(int? status, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, string problem, CallContext call, ClientState state, Exception? inner)
    {
        var context = Context(call, state.Redactor) with
        {
            StatusCode = status,
            RawBody = RawBody(call, state.Redactor),
            BodyLength = call.LastBody.Length,
            Headers = headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value.Select(v => state.Redactor.Redact(v)!).ToArray(), StringComparer.OrdinalIgnoreCase),
        };
        return new UnreadableResponseException(
            state.Redactor.Redact($"UGiftMe {context.Method} {context.Path} answered {status} but {problem}.{UnknownOutcome(call, unknown: true)}")!,
            context, state.Redactor.Redact(inner));
    }

    private static string Summary(HttpResponseMessage response, ErrorContext context, bool bodyIsNotJson)
    {
        var status = $"{(int)response.StatusCode} {ReasonPhrase(response)}";
        var what = context.Error ?? (bodyIsNotJson ? $"non-JSON body: {Snippet(context.RawBody)}" : "no error text");
        var more = context.ServerMessage is null ? "" : $" ({context.ServerMessage})";
        var reason = context.Reason is null ? "" : $" Reason: {context.Reason}.";
        var retried = context.RetryCount == 0 ? "" : $" after {context.RetryCount} retries";
        return $"UGiftMe {context.Method} {context.Path} failed with {status}{retried}: {what}{more}.{reason}";
    }

    private static ErrorContext Context(CallContext call, SecretRedactor redactor) => new()
    {
        Method = call.Request?.Method.Method,
        Path = redactor.Redact(call.Request?.RequestUri?.AbsolutePath),
        IdempotencyKey = call.IdempotencyKey,
        RetryCount = call.RetryCount,
        RateLimit = call.RateLimit,
    };

    // A create whose answer was lost, a 5xx or a 429 after the last retry: the order may or may not exist.
    private static string UnknownOutcome(CallContext call, bool unknown) =>
        unknown && call.IdempotencyKey is { } key
            ? $" The request may have been processed (an order may exist): resending with Idempotency-Key '{key}' is safe, it cannot be applied twice."
            : "";

    private static string? RawBody(CallContext call, SecretRedactor redactor)
    {
        if (call.LastBody.IsEmpty)
        {
            return "";
        }

        var span = call.LastBody.Span;
        var text = System.Text.Encoding.UTF8.GetString(span.Length <= MaxRawBodyChars ? span : span[..MaxRawBodyChars]);
        return redactor.Redact(span.Length <= MaxRawBodyChars ? text : text + "…");
    }

    private static string? First(ErrorContext context, string header) =>
        context.Headers.TryGetValue(header, out var values) && values.Count > 0 ? values[0] : null;

    private static string RateLimitedMessage(string summary, TimeSpan? refusedWait) =>
        refusedWait is { } wait
            ? $"{summary} The server asked to wait {wait}, longer than UGiftMeClientOptions.Retry.MaxRetryAfter or the call's remaining TotalTimeout, so the call ends now instead of sleeping."
            : $"{summary} Retries are set by UGiftMeClientOptions.Retry.";

    private static string ReasonPhrase(HttpResponseMessage response) =>
        response.ReasonPhrase is { Length: > 0 } phrase ? phrase : ((HttpStatusCode)response.StatusCode).ToString();

    private static string Snippet(string? text) =>
        text is null ? "" : text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");

    private static bool MentionsIdempotency(ErrorContext context) =>
        (context.Error?.Contains("idempotency", StringComparison.OrdinalIgnoreCase) ?? false)
        || (context.ServerMessage?.Contains("idempotency", StringComparison.OrdinalIgnoreCase) ?? false);

    private static Dictionary<string, IReadOnlyList<string>> Headers(HttpResponseMessage response, SecretRedactor redactor)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            headers[name] = values.Select(value => redactor.Redact(value)!).ToArray();
        }

        return headers;
    }

    private static JObject? TryParseObject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JToken.Parse(text) as JObject;
        }
        catch (JsonReaderException)
        {
            return null;
        }
    }

    private static string? Text(JObject? body, string name) =>
        body?[name] is JValue { Value: not null } value ? Convert.ToString(value.Value, CultureInfo.InvariantCulture) : null;

    private static decimal? Number(JObject? body, string name) => body?[name] switch
    {
        JValue { Type: JTokenType.Integer or JTokenType.Float } value => Convert.ToDecimal(value.Value, CultureInfo.InvariantCulture),
        JValue { Type: JTokenType.String } value => ParseDecimal((string?)value),
        _ => null,
    };

    private static string[]? Strings(JObject? body, string name) =>
        body?[name] is JArray array ? array.Select(item => (string?)item).OfType<string>().ToArray() : null;

    private static decimal? ParseDecimal(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
}
