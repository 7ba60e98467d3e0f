namespace UGiftMe;

/// <summary>
/// 400: the <c>Idempotency-Key</c> was already used with a different payload. Nothing new was created. Either the
/// key was reused by mistake (use a new key for a new order) or the payload changed between retries of one order.
/// </summary>
public class IdempotencyKeyReusedException : ValidationFailedException
{
    /// <summary>Creates the exception.</summary>
    public IdempotencyKeyReusedException(string message, ErrorContext? context = null, Exception? innerException = null)
        : base(message, context, innerException)
    {
    }
}
