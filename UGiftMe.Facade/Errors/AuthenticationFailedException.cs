namespace UGiftMe;

/// <summary>401: the API key is missing, invalid or revoked; <see cref="UGiftMeException.Reason"/> says why when the server tells.</summary>
public class AuthenticationFailedException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public AuthenticationFailedException(string message, ErrorContext? context = null, Exception? innerException = null)
        : base(message, context, innerException)
    {
    }
}
