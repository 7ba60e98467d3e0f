namespace UGiftMe;

/// <summary>
/// 400: the <c>Idempotency-Key</c> was already used with a different payload. Nothing new was created by this call,
/// but the earlier create with this key may have made an order: typically a process crashed and rebuilt the request
/// slightly differently. Before ordering again under a new key, get that order back by resending the exact payload
/// first sent with this key, or find it with <c>client.Orders.SearchAllAsync</c>. A new key is right only for a
/// genuinely different order.
/// </summary>
public class IdempotencyKeyReusedException : ValidationFailedException
{
    /// <summary>Creates the exception.</summary>
    public IdempotencyKeyReusedException(string message, ErrorContext? context = null, Exception? innerException = null)
        : base(message, context, innerException)
    {
    }
}
