namespace UGiftMe;

/// <summary>Per-call settings of an order create.</summary>
public sealed class OrderCreateOptions
{
    /// <summary>
    /// The <c>Idempotency-Key</c> to send. When neither this nor <see cref="BusinessReference"/> is set the SDK makes a
    /// random key; every retry of the call reuses it either way.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>
    /// Your own unique reference for this order (e.g. a purchase-order number). The key is derived from it with
    /// <see cref="UGiftMe.IdempotencyKey.FromReference"/>, so a restarted process that resends the same order gets
    /// the original back instead of a second gift card.
    /// </summary>
    public string? BusinessReference { get; set; }

    /// <summary>How to follow the order if UGiftMe queues it; the client's <see cref="UGiftMeClientOptions.OrderPolling"/> when null.</summary>
    public OrderPollingOptions? Polling { get; set; }

    internal string? ResolveKey()
    {
        if (IdempotencyKey is not null && BusinessReference is not null)
        {
            throw new ArgumentException("Set OrderCreateOptions.IdempotencyKey or OrderCreateOptions.BusinessReference, not both.", "options");
        }

        if (IdempotencyKey is { } key && (string.IsNullOrWhiteSpace(key) || key.Any(c => c is <= ' ' or > '~')))
        {
            throw new ArgumentException("OrderCreateOptions.IdempotencyKey must be non-empty printable ASCII without spaces.", "options");
        }

        return IdempotencyKey ?? (BusinessReference is { } reference ? UGiftMe.IdempotencyKey.FromReference(reference) : null);
    }
}
