using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Errors;

namespace UGiftMe.Http;

/// <summary>Turns a failed HTTP exchange into the matching <see cref="UGiftMeException"/>.</summary>
internal static partial class ErrorMapper
{
    public static UGiftMeException FromResponse(HttpResponseMessage response, string? rawBody, RequestContext call, ClientState state)
    {
        var redactor = state.Redactor;
        var request = response.RequestMessage;
        var status = (int)response.StatusCode;
        // Parse the redacted text, so every field taken from the body (details included) is free of the key too.
        var body = TryParseObject(redactor.Redact(rawBody));
        var context = new ErrorContext
        {
            StatusCode = status,
            Method = request?.Method.Method,
            Path = request?.RequestUri?.AbsolutePath,
            Error = redactor.Redact(Text(body, "error")),
            ServerMessage = redactor.Redact(Text(body, "message")),
            Reason = redactor.Redact(Text(body, "reason")),
            Details = body?["details"]?.DeepClone(),
            RawBody = redactor.Redact(rawBody),
            Headers = Headers(response, redactor),
            IdempotencyKey = call.IdempotencyKey,
            RetryCount = call.RetryCount,
            RateLimit = call.RateLimit,
        };

        var summary = Summary(response, context, rawBody is { Length: > 0 } && body is null);
        return status switch
        {
            400 when MentionsIdempotency(context) => new IdempotencyKeyReusedException(
                summary + Idempotency.IdempotencyGuidance.AfterKeyReused(context.IdempotencyKey), context),
            400 => new ValidationFailedException(summary, context, validEvents: Strings(body, "validEvents")),
            401 => new AuthenticationFailedException(
                $"{summary} Check UGiftMeClientOptions.ApiKey, and that a sandbox key is used with the sandbox and a production key with production.", context),
            402 => new InsufficientFundsException(
                summary + " Top up the wallet." + Idempotency.IdempotencyGuidance.AfterDefinitiveFailure(context.IdempotencyKey), context, required: Number(body, "required"), available: Number(body, "available"), currency: Text(body, "currency"), failureReason: context.Error),
            403 => new PermissionDeniedException(
                $"{summary} If the key has an IP allow list, this machine's address must be on it; on /auth, 403 also means the business profile is incomplete.", context),
            404 => new ResourceNotFoundException(summary, context),
            429 => new RateLimitedException(RateLimitedMessage(summary, call), context, retryAfter: call.RefusedWait ?? RetryHints.WaitRequested(response, state.TimeProvider.GetUtcNow())),
            >= 500 => new ServerErrorException(summary, context),
            _ => new UGiftMeException(summary, context),
        };
    }

    public static UGiftMeTransportException FromTransportFailure(HttpRequestMessage request, Exception failure, RequestContext call, SecretRedactor redactor)
    {
        var context = new ErrorContext
        {
            Method = request.Method.Method,
            Path = request.RequestUri?.AbsolutePath,
            IdempotencyKey = call.IdempotencyKey,
            RetryCount = call.RetryCount,
            RateLimit = call.RateLimit,
        };
        var retried = call.RetryCount == 0 ? "" : $" after {call.RetryCount} retries";
        var resend = call.IdempotencyKey is null ? "" : $" Resending with Idempotency-Key '{call.IdempotencyKey}' is safe.";
        if (failure is PipelineTimeoutException timeout)
        {
            return new UGiftMeTransportException(
                $"UGiftMe {context.Method} {context.Path} got {timeout.Message}{retried}; raise UGiftMeClientOptions.{timeout.Setting} if the API is slow.{resend}",
                context, redactor.Redact(failure), isTimeout: true);
        }

        return new UGiftMeTransportException(
            $"UGiftMe {context.Method} {context.Path} could not be sent{retried}: {redactor.Redact(failure.Message)} " +
            $"Check network access to {request.RequestUri?.GetLeftPart(UriPartial.Authority)} (UGiftMeClientOptions.BaseAddress / Environment); " +
            $"retries are set by UGiftMeClientOptions.Retry.{resend}",
            context, redactor.Redact(failure));
    }

    /// <summary>Reads "Required: 50, Available: 10 GBP" style amounts out of an asynchronous failure text.</summary>
    public static (decimal? Required, decimal? Available, string? Currency) ParseFundsText(string? text)
    {
        if (text is null)
        {
            return default;
        }

        var match = FundsPattern().Match(text);
        if (!match.Success)
        {
            return default;
        }

        return (ParseDecimal(match.Groups["required"].Value), ParseDecimal(match.Groups["available"].Value),
            match.Groups["currency"].Success ? match.Groups["currency"].Value : null);
    }

    public static bool IsInsufficientFundsText(string? text) =>
        text is not null && text.Contains("insufficient", StringComparison.OrdinalIgnoreCase)
        && (text.Contains("balance", StringComparison.OrdinalIgnoreCase) || text.Contains("fund", StringComparison.OrdinalIgnoreCase));

    private static string Summary(HttpResponseMessage response, ErrorContext context, bool bodyIsNotJson)
    {
        var status = $"{(int)response.StatusCode} {ReasonPhrase(response)}";
        var what = context.Error ?? (bodyIsNotJson ? $"non-JSON body: {Snippet(context.RawBody)}" : "no error text");
        var more = context.ServerMessage is null ? "" : $" ({context.ServerMessage})";
        var reason = context.Reason is null ? "" : $" Reason: {context.Reason}.";
        var retried = context.RetryCount == 0 ? "" : $" after {context.RetryCount} retries";
        return $"UGiftMe {context.Method} {context.Path} failed with {status}{retried}: {what}{more}.{reason}";
    }

    private static string RateLimitedMessage(string summary, RequestContext call) =>
        call.RefusedWait is { } wait
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
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
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

    [GeneratedRegex(@"Required:\s*(?<required>[0-9]+(?:\.[0-9]+)?)[^0-9]+Available:\s*(?<available>-?[0-9]+(?:\.[0-9]+)?)(?:\s*(?<currency>[A-Z]{3}))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FundsPattern();
}
