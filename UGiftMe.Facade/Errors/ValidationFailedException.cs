namespace UGiftMe;

/// <summary>400: the request was refused as invalid; <see cref="UGiftMeException.ServerMessage"/> says what.</summary>
public class ValidationFailedException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public ValidationFailedException(string message, ErrorContext? context = null, Exception? innerException = null, IReadOnlyList<string>? validEvents = null)
        : base(message, context, innerException)
    {
        ValidEvents = validEvents ?? [];
    }

    /// <summary>The event names UGiftMe accepts, when it listed them (webhook validation); otherwise empty.</summary>
    public IReadOnlyList<string> ValidEvents { get; }
}
