using UGiftMe.Generated;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>Verifies the API key (<c>GET /auth</c>).</summary>
public class AuthClient
{
    private readonly UGiftMePipeline _pipeline = null!;

    internal AuthClient(UGiftMePipeline pipeline) => _pipeline = pipeline;

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
        _pipeline.SendAsync(AuthApi.BuildVerify(_pipeline.BaseUrl), AuthApi.ReadVerify, AuthApi.ReadVerifyError, cancellationToken);
}
