using System.Globalization;
using Newtonsoft.Json.Linq;

namespace UGiftMe.Testing;

public static partial class UGiftMeModelFactory
{
    /// <summary>What an exception knows about the response (or its absence), as the SDK fills it.</summary>
    /// <param name="statusCode">The HTTP status; null when no answer came.</param>
    /// <param name="error">The body's <c>error</c>.</param>
    /// <param name="serverMessage">The body's <c>message</c>.</param>
    /// <param name="reason">The body's <c>reason</c>.</param>
    /// <param name="rawBody">The body; default a JSON body built from the other arguments.</param>
    /// <param name="headers">Response headers.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> sent.</param>
    /// <param name="retryCount">How many retries were made.</param>
    /// <param name="rateLimit">The rate-limit state.</param>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's path.</param>
    /// <returns>The context.</returns>
    public static ErrorContext ErrorContext(
        int? statusCode = 400,
        string? error = null,
        string? serverMessage = null,
        string? reason = null,
        string? rawBody = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers = null,
        string? idempotencyKey = null,
        int retryCount = 0,
        RateLimitInfo? rateLimit = null,
        string? method = "POST",
        string? path = "/api/v1/business/orders")
    {
        var body = rawBody ?? (error is null && serverMessage is null && reason is null ? null : Json(("error", error), ("message", serverMessage), ("reason", reason)));
        return new()
        {
            StatusCode = statusCode,
            Error = error,
            ServerMessage = serverMessage,
            Reason = reason,
            RawBody = body,
            BodyLength = body?.Length,
            Headers = headers ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase),
            IdempotencyKey = idempotencyKey,
            RetryCount = retryCount,
            RateLimit = rateLimit,
            Method = method,
            Path = path,
        };
    }

    /// <summary>A 402: the wallet does not cover the order (or a queued order failed for lack of funds).</summary>
    /// <param name="required">The order's value.</param>
    /// <param name="available">What the wallet had available.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="idempotencyKey">The key the create was sent with.</param>
    /// <param name="orderRequestId">For a queued order that failed, its order request.</param>
    /// <returns>The exception.</returns>
    public static InsufficientFundsException InsufficientFundsException(
        decimal required = 50m, decimal available = 10m, string currency = "GBP", string? idempotencyKey = null, string? orderRequestId = null)
    {
        var amounts = string.Create(CultureInfo.InvariantCulture, $"Required: {required}, Available: {available} {currency}");
        var context = orderRequestId is null
            ? ErrorContext(402, "Insufficient funds", rawBody: Json(("error", "Insufficient funds"), ("required", required), ("available", available), ("currency", currency)), idempotencyKey: idempotencyKey)
            : new ErrorContext { IdempotencyKey = idempotencyKey };
        return new($"UGiftMe refused the order: insufficient funds ({amounts}).", context, null, orderRequestId,
            orderRequestId is null ? null : $"Insufficient available balance. {amounts}", required, available, currency);
    }

    /// <summary>A queued order request that ended <c>failed</c> for a reason other than funds.</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="failureReason">The server's reason.</param>
    /// <param name="idempotencyKey">The key the create was sent with.</param>
    /// <returns>The exception.</returns>
    public static OrderFailedException OrderFailedException(
        string orderRequestId = DefaultOrderRequestId, string failureReason = "The merchant could not issue the gift card.", string? idempotencyKey = null) =>
        new($"Order request {orderRequestId} failed: {failureReason}", new ErrorContext { IdempotencyKey = idempotencyKey }, null, orderRequestId, failureReason);

    /// <summary>A queued order still running after <c>OrderPolling.Timeout</c> (not cancelled: resume it later).</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="lastStatus">The last status seen.</param>
    /// <returns>The exception.</returns>
    public static OrderWaitTimeoutException OrderWaitTimeoutException(string orderRequestId = DefaultOrderRequestId, string? lastStatus = OrderRequestStatuses.Processing) =>
        new($"Order request {orderRequestId} was still '{lastStatus}' after OrderPollingOptions.Timeout. It was not cancelled: resume it later.", orderRequestId, lastStatus);

    /// <summary>A 429 after the SDK's retries (or at once, when the server asked for a longer wait than allowed).</summary>
    /// <param name="retryAfter">The wait the server asked for.</param>
    /// <param name="rateLimit">The rate-limit state; default none left.</param>
    /// <param name="retryCount">How many retries were made.</param>
    /// <returns>The exception.</returns>
    public static RateLimitedException RateLimitedException(TimeSpan? retryAfter = null, RateLimitInfo? rateLimit = null, int retryCount = 3)
    {
        var wait = retryAfter ?? TimeSpan.FromSeconds(30);
        var headers = Headers(("Retry-After", ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
        return new("UGiftMe answered 429 Too Many Requests.",
            ErrorContext(429, "Too many requests, please try again later.", headers: headers, retryCount: retryCount, rateLimit: rateLimit ?? RateLimitInfo(remaining: 0), method: "GET", path: "/api/v1/business/products"),
            null, wait);
    }

    /// <summary>A 5xx after the SDK's retries.</summary>
    /// <param name="statusCode">The status. Default 503.</param>
    /// <param name="idempotencyKey">For an order create, the key to resend with (the order may exist).</param>
    /// <param name="retryCount">How many retries were made.</param>
    /// <returns>The exception.</returns>
    public static ServerErrorException ServerErrorException(int statusCode = 503, string? idempotencyKey = null, int retryCount = 3) =>
        new(idempotencyKey is null
                ? $"UGiftMe answered {statusCode}."
                : $"UGiftMe answered {statusCode} (an order may exist): resending with Idempotency-Key '{idempotencyKey}' is safe.",
            ErrorContext(statusCode, "Service temporarily unavailable", idempotencyKey: idempotencyKey, retryCount: retryCount));

    /// <summary>No answer: the connection failed or a timeout ran out.</summary>
    /// <param name="isTimeout">Whether a timeout ran out.</param>
    /// <param name="idempotencyKey">For an order create, the key to resend with (the order may exist).</param>
    /// <returns>The exception.</returns>
    public static UGiftMeTransportException UGiftMeTransportException(bool isTimeout = false, string? idempotencyKey = null) =>
        new((isTimeout ? "No answer within AttemptTimeout" : "The connection to UGiftMe failed")
            + (idempotencyKey is null ? "." : $" (an order may exist): resending with Idempotency-Key '{idempotencyKey}' is safe."),
            ErrorContext(statusCode: null, idempotencyKey: idempotencyKey, retryCount: 3), new HttpRequestException("Connection reset by peer"), isTimeout);

    /// <summary>A 401: the key is missing, unknown or revoked.</summary>
    /// <param name="reason">The body's <c>reason</c>, e.g. <c>Key revoked</c>.</param>
    /// <returns>The exception.</returns>
    public static AuthenticationFailedException AuthenticationFailedException(string? reason = "Key revoked") =>
        new($"UGiftMe refused the API key (401 Invalid API key - {reason}).", ErrorContext(401, "Invalid API key", reason: reason, method: "GET", path: "/api/v1/business/auth"));

    /// <summary>A 403: the caller's IP is not on the key's allow list (or the business profile is incomplete).</summary>
    /// <param name="serverMessage">The body's <c>message</c>.</param>
    /// <returns>The exception.</returns>
    public static PermissionDeniedException PermissionDeniedException(string? serverMessage = "This key only accepts requests from its IP allow list.") =>
        new("UGiftMe refused the caller (403 IP address not allowed).", ErrorContext(403, "IP address not allowed", serverMessage));

    /// <summary>A 404: the order, order request or webhook does not exist for this key.</summary>
    /// <param name="path">The path asked for.</param>
    /// <returns>The exception.</returns>
    public static ResourceNotFoundException ResourceNotFoundException(string path = "/api/v1/business/orders/" + DefaultOrderId) =>
        new("UGiftMe found nothing at " + path + " (404).", ErrorContext(404, "Order not found", method: "GET", path: path));

    /// <summary>A 400: the request was invalid.</summary>
    /// <param name="serverMessage">The body's <c>message</c>, naming the field.</param>
    /// <param name="validEvents">For a webhook request, the events that are allowed.</param>
    /// <returns>The exception.</returns>
    public static ValidationFailedException ValidationFailedException(string? serverMessage = "valuePurchased must be between 5 and 500", IReadOnlyList<string>? validEvents = null) =>
        new($"UGiftMe refused the request as invalid (400): {serverMessage}", ErrorContext(400, "Validation failed", serverMessage), null, validEvents);

    /// <summary>A 400 for an idempotency key already used with another payload (the first create may have made an order).</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns>The exception.</returns>
    public static IdempotencyKeyReusedException IdempotencyKeyReusedException(string idempotencyKey = "ugm_ref_0123456789abcdef0123456789abcdef01234567") =>
        new($"Idempotency-Key '{idempotencyKey}' was already used with a different payload.",
            ErrorContext(400, "Idempotency key reuse", $"Idempotency-Key '{idempotencyKey}' was already used with a different payload.", idempotencyKey: idempotencyKey));

    /// <summary>A response that could not be read (too large, corrupt compression, not the documented model).</summary>
    /// <param name="statusCode">Its status.</param>
    /// <returns>The exception.</returns>
    public static UnreadableResponseException UnreadableResponseException(int statusCode = 200) =>
        new("UGiftMe's answer could not be read as the documented model.", ErrorContext(statusCode, rawBody: "<html>Bad gateway</html>", method: "GET", path: "/api/v1/business/orders"));

    /// <summary>A 3xx: the SDK never follows redirects.</summary>
    /// <param name="location">Where the redirect pointed.</param>
    /// <returns>The exception.</returns>
    public static RedirectNotFollowedException RedirectNotFollowedException(string? location = "https://example.com/elsewhere") =>
        new("UGiftMe answered 302; the SDK does not follow redirects.", ErrorContext(302, method: "GET", path: "/api/v1/business/orders"), location);

    /// <summary>Any other error status (e.g. 409).</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="error">The body's <c>error</c>.</param>
    /// <returns>The exception.</returns>
    public static UGiftMeException UGiftMeException(int statusCode = 409, string? error = "Conflict") =>
        new($"UGiftMe answered {statusCode}.", ErrorContext(statusCode, error));

    private static string Json(params (string Name, object? Value)[] members)
    {
        var json = new JObject();
        foreach (var (name, value) in members)
        {
            if (value is not null)
            {
                json[name] = JToken.FromObject(value);
            }
        }

        return json.ToString(Newtonsoft.Json.Formatting.None);
    }

    private static Dictionary<string, IReadOnlyList<string>> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => (IReadOnlyList<string>)[h.Value], StringComparer.OrdinalIgnoreCase);
}
