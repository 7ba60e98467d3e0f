namespace UGiftMe;

/// <summary>
/// The delivery headers <see cref="WebhookVerifier"/> needs, looked up case-insensitively from any header collection:
/// ASP.NET Core's <c>Request.Headers</c>, <c>HttpRequestMessage.Headers</c>, or a plain dictionary.
/// </summary>
public sealed class WebhookHeaders
{
    /// <summary>The header carrying the event name, such as <c>order.succeeded</c>.</summary>
    public const string EventHeaderName = "X-Webhook-Event";

    /// <summary>The header carrying the lowercase hex HMAC-SHA256 of the body.</summary>
    public const string SignatureHeaderName = "X-Webhook-Signature";

    /// <summary>The header UGiftMe sets to <c>test</c> on manual test deliveries.</summary>
    public const string DeliveryHeaderName = "X-Webhook-Delivery";

    /// <summary>The <c>X-Webhook-Delivery</c> value of a manual test delivery.</summary>
    public const string TestDeliveryValue = "test";

    /// <summary>Creates the headers from their values.</summary>
    /// <param name="eventName">The <c>X-Webhook-Event</c> value.</param>
    /// <param name="signature">The <c>X-Webhook-Signature</c> value.</param>
    /// <param name="delivery">The <c>X-Webhook-Delivery</c> value, if any.</param>
    public WebhookHeaders(string? eventName, string? signature, string? delivery = null)
    {
        EventName = eventName?.Trim();
        Signature = signature?.Trim();
        Delivery = delivery?.Trim();
    }

    /// <summary>The <c>X-Webhook-Event</c> value, trimmed; null when absent.</summary>
    public string? EventName { get; }

    /// <summary>The <c>X-Webhook-Signature</c> value, trimmed; null when absent.</summary>
    public string? Signature { get; }

    /// <summary>The <c>X-Webhook-Delivery</c> value, trimmed; null when absent.</summary>
    public string? Delivery { get; }

    /// <summary>True when <c>X-Webhook-Delivery</c> is <c>test</c>, i.e. a manual test delivery.</summary>
    public bool IsTestDelivery => string.Equals(Delivery, TestDeliveryValue, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads the headers from name/value pairs such as a <c>Dictionary&lt;string, string&gt;</c>. Names are matched
    /// case-insensitively; the first occurrence of a name wins.
    /// </summary>
    /// <param name="headers">The request headers.</param>
    /// <returns>The webhook headers found.</returns>
    public static WebhookHeaders From(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return From(headers.Select(header => new KeyValuePair<string, IEnumerable<string?>>(header.Key, [header.Value])));
    }

    /// <summary>
    /// Reads the headers from name/values pairs: ASP.NET Core's <c>IHeaderDictionary</c> (values are
    /// <c>StringValues</c>), <c>HttpHeaders</c>, or a <c>Dictionary&lt;string, string[]&gt;</c>. Names are matched
    /// case-insensitively; the first value of the first occurrence of a name wins.
    /// </summary>
    /// <typeparam name="TValues">The collection type of one header's values.</typeparam>
    /// <param name="headers">The request headers.</param>
    /// <returns>The webhook headers found.</returns>
    public static WebhookHeaders From<TValues>(IEnumerable<KeyValuePair<string, TValues>> headers)
        where TValues : IEnumerable<string?>
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? eventName = null, signature = null, delivery = null;
        foreach (var (name, values) in headers)
        {
            var value = values?.FirstOrDefault();
            if (string.Equals(name, EventHeaderName, StringComparison.OrdinalIgnoreCase))
            {
                eventName ??= value;
            }
            else if (string.Equals(name, SignatureHeaderName, StringComparison.OrdinalIgnoreCase))
            {
                signature ??= value;
            }
            else if (string.Equals(name, DeliveryHeaderName, StringComparison.OrdinalIgnoreCase))
            {
                delivery ??= value;
            }
        }

        return new WebhookHeaders(eventName, signature, delivery);
    }
}
