using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>The exception for a queued order request that ended as <c>failed</c>, with the reason UGiftMe gave.</summary>
internal static class OrderFailure
{
    public static OrderFailedException From(string orderRequestId, OrderRequest request, string? idempotencyKey, SecretRedactor redactor)
    {
        // The text is read from parsed JSON, where an escaped secret is plain again: it is masked here.
        var reason = redactor.Redact(FailureText(request));
        var context = new ErrorContext { Error = reason, IdempotencyKey = idempotencyKey, Details = redactor.Redact(request.Errors as JToken) };
        var message = $"Order request {orderRequestId} failed: {reason ?? "UGiftMe gave no reason"}.";
        if (IsInsufficientFunds(reason))
        {
            var (required, available, currency) = ParseFunds(reason);
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

    // A queued order that the wallet could not pay fails with text ("Insufficient balance. Required: 50, Available:
    // 10 GBP"), not with the 402 a synchronous create gets.
    private static bool IsInsufficientFunds(string? text) =>
        text is not null && text.Contains("insufficient", StringComparison.OrdinalIgnoreCase)
        && (text.Contains("balance", StringComparison.OrdinalIgnoreCase) || text.Contains("fund", StringComparison.OrdinalIgnoreCase));

    /// <summary>The amounts and currency the failure text names, each null when it does not.</summary>
    private static (decimal? Required, decimal? Available, string? Currency) ParseFunds(string? text)
    {
        var match = text is null ? Match.Empty : FundsPattern.Match(text);
        return match.Success
            ? (Amount(match.Groups["required"].Value), Amount(match.Groups["available"].Value), match.Groups["currency"].Success ? match.Groups["currency"].Value : null)
            : default;
    }

    private static decimal? Amount(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static readonly Regex FundsPattern = new(
        @"Required:\s*(?<required>[0-9]+(?:\.[0-9]+)?)[^0-9]+Available:\s*(?<available>-?[0-9]+(?:\.[0-9]+)?)(?:\s*(?<currency>[A-Z]{3}))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
