namespace UGiftMe;

/// <summary>
/// UGiftMe answered with a redirect (3xx). The SDK's own transports never follow redirects, so the API key is never
/// sent to the address a redirect names; check <see cref="UGiftMeClientOptions.BaseAddress"/> against
/// <see cref="Location"/>.
/// </summary>
public class RedirectNotFollowedException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public RedirectNotFollowedException(string message, ErrorContext? context = null, string? location = null)
        : base(message, context)
    {
        Location = location;
    }

    /// <summary>The <c>Location</c> header of the redirect, when it had one.</summary>
    public string? Location { get; }
}
