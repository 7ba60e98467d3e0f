using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// The one place a failed call becomes an exception: a final non-2xx response, a transport failure or timeout, or a
/// response that could not be read. Every text it puts in an exception passes the redactor; the headers did as they
/// arrived (<see cref="SecretRedactor.Clean(HttpResponseMessage)"/>).
/// </summary>
internal static class ErrorMapper
{
    public const int MaxRawBodyChars = 16 * 1024;

    // refusedWait: the wait that ended the retries; noTurn: it is the pacer's (the next retry's turn), not the server's.
    public static UGiftMeException FromResponse(HttpMessage message, UGiftMePipeline.ErrorReader readError, ClientState state, TimeSpan? refusedWait, bool noTurn)
    {
        var redactor = state.Redactor;
        var response = message.Response!;
        var status = (int)response.StatusCode;
        var rawBody = RawBody(message, redactor);
        // The error model the spec declares for this status; for an undeclared one, the common Error shape.
        var model = message.Body.IsEmpty ? null : readError(status, message.Body) ?? JsonCodec.ReadError<Error>(message.Body);
        var error = model as Error;
        var funds = model as InsufficientFundsError;
        var context = Context(message, redactor) with
        {
            StatusCode = status,
            Error = redactor.Redact(error?.Error1 ?? funds?.Error),
            ServerMessage = redactor.Redact(error?.Message ?? funds?.Message),
            Reason = redactor.Redact(error?.Reason),
            Details = Details(error?.Details, redactor),
            RawBody = rawBody,
            BodyLength = message.Body.Length,
            Headers = ResponseMetadata.From(message).Headers,
        };

        var summary = redactor.Redact(Summary(response, context, rawBody is { Length: > 0 } && model is null))!;
        // Only a refusal (a 4xx other than 408 and 429) says a create made nothing; any other status leaves it unknown.
        var resend = UnknownOutcome(message, status is < 400 or >= 500 or 408 or 429);
        return status switch
        {
            >= 300 and < 400 => new RedirectNotFollowedException(
                $"{summary} The SDK does not follow redirects (the API key must not reach another address); check UGiftMeClientOptions.BaseAddress against {First(context, "Location") ?? "the Location header"}.{resend}",
                context, First(context, "Location")),
            400 when MentionsIdempotency(context) => new IdempotencyKeyReusedException(
                summary + IdempotencyGuidance.AfterKeyReused(context.IdempotencyKey), context),
            400 => new ValidationFailedException(summary, context, validEvents: error?.ValidEvents?.OfType<string>().ToArray()),
            401 => new AuthenticationFailedException(
                $"{summary} Check UGiftMeClientOptions.ApiKey, and that a sandbox key is used with the sandbox and a production key with production.", context),
            402 => new InsufficientFundsException(
                summary + " Top up the wallet." + IdempotencyGuidance.AfterRefusal(context.IdempotencyKey), context, required: funds?.Required, available: funds?.Available, currency: redactor.Redact(funds?.Currency), failureReason: context.Error),
            403 => new PermissionDeniedException(
                $"{summary} If the key has an IP allow list, this machine's address must be on it; on /auth, 403 also means the business profile is incomplete.", context),
            404 => new ResourceNotFoundException(summary, context),
            429 => new RateLimitedException(RateLimitedMessage(summary, refusedWait, noTurn) + resend, context,
                retryAfter: refusedWait ?? message.RequestedWait),
            >= 500 => new ServerErrorException(summary + resend, context),
            _ => new UGiftMeException(summary + resend, context),
        };
    }

    // timeoutSetting: the option whose limit ran out, when the failure is a timeout.
    public static UGiftMeTransportException FromTransportFailure(Exception failure, HttpMessage message, ClientState state, string? timeoutSetting)
    {
        var context = Context(message, state.Redactor);
        var retried = message.RetryCount == 0 ? "" : $" after {message.RetryCount} retries";
        var resend = UnknownOutcome(message, unknown: message.Attempts > 0);
        if (timeoutSetting is not null)
        {
            return new UGiftMeTransportException(
                $"UGiftMe {context.Method} {context.Path} got no response within UGiftMeClientOptions.{timeoutSetting}{retried}; raise it if the API is slow.{resend}",
                context, state.Redactor.Redact(failure), isTimeout: true);
        }

        if (failure is UGiftMePipeline.RedirectFollowedException redirected)
        {
            return new UGiftMeTransportException(
                $"UGiftMe {context.Method} {context.Path} was redirected to {redirected.Target.GetLeftPart(UriPartial.Authority)}, and the transport the client was " +
                "given followed the redirect, with the X-API-Key header: the SDK read nothing from that answer. Turn redirects off on that transport " +
                $"(AllowAutoRedirect = false), and rotate the key if that address is not yours.{resend}",
                context, state.Redactor.Redact(failure));
        }

        var what = message.CutShortStatus is { } status
            ? $"answered {status}{retried} but the response was cut short: the status line arrived, the body did not complete ({state.Redactor.Redact(failure.Message)}); "
            : $"failed without an answer{retried}: {state.Redactor.Redact(failure.Message)} " +
              $"Check network access to {message.Request.RequestUri?.GetLeftPart(UriPartial.Authority)} (UGiftMeClientOptions.BaseAddress / Environment); ";
        return new UGiftMeTransportException(
            $"UGiftMe {context.Method} {context.Path} {what}retries are set by UGiftMeClientOptions.Retry.{resend}",
            context, state.Redactor.Redact(failure));
    }

    /// <summary>A call the client's pacer (on while a campaign runs) has no turn for within its <c>TotalTimeout</c>: it was not sent.</summary>
    public static RateLimitedException NotPaced(HttpMessage message, TimeSpan wait, ClientState state)
    {
        var context = Context(message, state.Redactor);
        return new RateLimitedException(
            $"UGiftMe {context.Method} {context.Path} was not sent: the rate limit the server last reported leaves this client no request for {wait}, " +
            "longer than UGiftMeClientOptions.TotalTimeout. Nothing was sent; call again after RetryAfter.",
            context, retryAfter: wait);
    }

    /// <summary>A response that arrived but could not be read (too large, corrupt, refused by the transport, not the documented model).</summary>
    public static UnreadableResponseException Unreadable(HttpMessage message, string problem, ClientState state, Exception? inner)
    {
        var response = message.Response;
        var context = Context(message, state.Redactor) with
        {
            StatusCode = response is null ? null : (int)response.StatusCode,
            RawBody = RawBody(message, state.Redactor),
            BodyLength = message.Body.Length,
            Headers = response is null ? ErrorContext.NoHeaders : ResponseMetadata.From(message).Headers,
        };
        var answered = context.StatusCode is { } status ? $"answered {status} but" : "sent a response that could not be taken:";
        return new UnreadableResponseException(
            state.Redactor.Redact($"UGiftMe {context.Method} {context.Path} {answered} {problem}.{UnknownOutcome(message, unknown: true)}")!,
            context, state.Redactor.Redact(inner));
    }

    private static string Summary(HttpResponseMessage response, ErrorContext context, bool bodyIsNotJson)
    {
        var status = $"{(int)response.StatusCode} {(response.ReasonPhrase is { Length: > 0 } phrase ? phrase : response.StatusCode.ToString())}";
        var snippet = context.RawBody is { Length: > 200 } raw ? raw[..200] + "…" : context.RawBody;
        var what = context.Error ?? (bodyIsNotJson ? $"non-JSON body: {snippet}" : "no error text");
        var more = context.ServerMessage is null ? "" : $" ({context.ServerMessage})";
        var reason = context.Reason is null ? "" : $" Reason: {Sentence(context.Reason)}";
        var retried = context.RetryCount == 0 ? "" : $" after {context.RetryCount} retries";
        return $"UGiftMe {context.Method} {context.Path} failed with {status}{retried}: {Sentence(what + more)}{reason}";
    }

    // The server's text as a sentence: a full stop added only where it has none ("try again later." stays one).
    private static string Sentence(string text) => text.EndsWith('.') || text.EndsWith('!') || text.EndsWith('?') ? text : text + ".";

    private static ErrorContext Context(HttpMessage message, SecretRedactor redactor) => new()
    {
        Method = message.Method,
        Path = redactor.Redact(message.Path),
        IdempotencyKey = message.IdempotencyKey,
        RetryCount = message.RetryCount,
        RateLimit = message.RateLimit,
    };

    // A create whose answer was lost or unreadable, or whose status is not a refusal: the order may or may not exist.
    private static string UnknownOutcome(HttpMessage message, bool unknown) =>
        unknown && message.IdempotencyKey is { } key
            ? $" The request may have been processed (an order may exist): resending with Idempotency-Key '{key}' is safe, it cannot be applied twice."
            : "";

    private static string? RawBody(HttpMessage message, SecretRedactor redactor)
    {
        if (message.Body.IsEmpty)
        {
            return "";
        }

        var span = message.Body.Span;
        var text = System.Text.Encoding.UTF8.GetString(span.Length <= MaxRawBodyChars ? span : span[..MaxRawBodyChars]);
        return span.Length <= MaxRawBodyChars ? redactor.RedactJson(text) : redactor.Redact(text + "…");
    }

    private static string? First(ErrorContext context, string header) =>
        context.Headers.TryGetValue(header, out var values) && values.Count > 0 ? values[0] : null;

    private static string RateLimitedMessage(string summary, TimeSpan? refusedWait, bool noTurn) => refusedWait switch
    {
        { } wait when noTurn =>
            $"{summary} The retry was not sent: the rate limit the server last reported leaves this client no request for {wait}, longer than the call's remaining UGiftMeClientOptions.TotalTimeout.",
        { } wait =>
            $"{summary} The server asked to wait {wait}, longer than UGiftMeClientOptions.Retry.MaxRetryAfter or the call's remaining TotalTimeout, so the call ends now instead of sleeping.",
        null => $"{summary} Retries are set by UGiftMeClientOptions.Retry.",
    };

    private static bool MentionsIdempotency(ErrorContext context) =>
        (context.Error?.Contains("idempotency", StringComparison.OrdinalIgnoreCase) ?? false)
        || (context.ServerMessage?.Contains("idempotency", StringComparison.OrdinalIgnoreCase) ?? false);

    private static JToken? Details(object? details, SecretRedactor redactor) =>
        redactor.Redact(details as JToken ?? (details is null ? null : JToken.FromObject(details)));
}
