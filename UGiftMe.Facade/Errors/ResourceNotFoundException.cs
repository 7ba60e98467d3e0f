namespace UGiftMe;

/// <summary>404: the order, order request or webhook does not exist or is not visible to this key.</summary>
public class ResourceNotFoundException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public ResourceNotFoundException(string message, ErrorContext? context = null, Exception? innerException = null)
        : base(message, context, innerException)
    {
    }
}
