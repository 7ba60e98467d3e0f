namespace UGiftMe;

/// <summary>
/// No usable response arrived: the connection failed, a response broke off before the end of its body, or every
/// attempt timed out. The message says which. For an order create, resending with the same <see cref="UGiftMeException.IdempotencyKey"/> is safe.
/// </summary>
public class UGiftMeTransportException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public UGiftMeTransportException(string message, ErrorContext? context = null, Exception? innerException = null, bool isTimeout = false)
        : base(message, context, innerException)
    {
        IsTimeout = isTimeout;
    }

    /// <summary>True when the call failed because an attempt or the whole call ran out of time.</summary>
    public bool IsTimeout { get; }
}
