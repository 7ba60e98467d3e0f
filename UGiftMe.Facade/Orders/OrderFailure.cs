using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>The exception for a queued order request that ended as <c>failed</c>, with the reason UGiftMe gave.</summary>
internal static class OrderFailure
{
    public static OrderFailedException From(string orderRequestId, OrderRequest request, string? idempotencyKey, SecretRedactor? redactor = null)
    {
        // The text is read from parsed JSON, where an escaped secret is plain again: it is masked here.
        var reason = redactor is null ? FailureText(request) : redactor.Redact(FailureText(request));
        var context = new ErrorContext { Error = reason, IdempotencyKey = idempotencyKey, Details = redactor is null ? request.Errors as JToken : redactor.Redact(request.Errors as JToken) };
        var message = $"Order request {orderRequestId} failed: {reason ?? "UGiftMe gave no reason"}.";
        if (FundsText.IsInsufficientFunds(reason))
        {
            var (required, available, currency) = FundsText.Parse(reason);
            return new InsufficientFundsException(message + " Top up the wallet." + IdempotencyGuidance.AfterFailedRequest(idempotencyKey), context,
                orderRequestId: orderRequestId, failureReason: reason, required: required, available: available, currency: currency);
        }

        return new OrderFailedException(message + IdempotencyGuidance.AfterFailedRequest(idempotencyKey), context,
            orderRequestId: orderRequestId, failureReason: reason);
    }

    private static string? FailureText(OrderRequest request) => request.Error ?? (request.Errors as JToken) switch
    {
        null => null,
        JArray array => string.Join("; ", array.Select(ItemText)),
        var other => ItemText(other),
    };

    // Any JSON a server sends reads as text: a value as itself, an object by its message or error, anything else as JSON.
    private static string? ItemText(JToken item) => item switch
    {
        JValue value => Convert.ToString(value.Value, CultureInfo.InvariantCulture),
        JObject obj when obj["message"] is JValue { Value: not null } message => ItemText(message),
        JObject obj when obj["error"] is JValue { Value: not null } error => ItemText(error),
        _ => item.ToString(Formatting.None),
    };
}
