using UGiftMe.Models;

namespace UGiftMe;

/// <summary>Verifies the API key (<c>GET /auth</c>).</summary>
public class AuthClient
{
    private readonly ApiInvoker _invoker = null!;
    private readonly IAuthApi _api = null!;

    internal AuthClient(ApiInvoker invoker, IAuthApi api)
    {
        _invoker = invoker;
        _api = api;
    }

    /// <summary>For mocking in tests.</summary>
    protected AuthClient()
    {
    }

    /// <summary>
    /// Checks the key and returns the account's metadata. Throws <see cref="AuthenticationFailedException"/>
    /// for a missing or invalid key and <see cref="PermissionDeniedException"/> for an IP outside the key's
    /// allow list or an incomplete business profile.
    /// </summary>
    public virtual Task<UGiftMeResult<AuthVerification>> VerifyAsync(CancellationToken cancellationToken = default) =>
        _invoker.SendAsync(_api, (api, ct) => api.VerifyAsync(cancellationToken: ct), cancellationToken);
}
