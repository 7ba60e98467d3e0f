namespace UGiftMe;

/// <summary>
/// A response arrived but could not be read: its body was larger than
/// <see cref="UGiftMeClientOptions.MaxResponseSize"/>, its compression was corrupt, or a 2xx body was not the
/// documented model (also a listing page that does not advance, which ends a whole-listing enumeration). For an order
/// create the order may exist: resending with the same
/// <see cref="UGiftMeException.IdempotencyKey"/> is safe and returns it.
/// </summary>
public class UnreadableResponseException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public UnreadableResponseException(string message, ErrorContext? context = null, Exception? innerException = null)
        : base(message, context, innerException)
    {
    }
}
