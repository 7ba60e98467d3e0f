namespace UGiftMe;

/// <summary>403: the key may not do this — most often the caller's IP is not on the key's allow list, or (on verify) the business profile is incomplete.</summary>
public class PermissionDeniedException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public PermissionDeniedException(string message, ErrorContext? context = null, Exception? innerException = null)
        : base(message, context, innerException)
    {
    }
}
