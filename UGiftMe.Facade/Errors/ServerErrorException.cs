namespace UGiftMe;

/// <summary>5xx: UGiftMe failed; safe requests were already retried. An order create with an idempotency key can be resent with the same key.</summary>
public class ServerErrorException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public ServerErrorException(string message, ErrorContext? context = null, Exception? innerException = null)
        : base(message, context, innerException)
    {
    }
}
