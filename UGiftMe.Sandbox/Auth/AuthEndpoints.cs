using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Json;

namespace UGiftMe.Sandbox.Auth;

/// <summary><c>GET /auth</c>: the account behind the key, or 403 while its business profile is incomplete.</summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(ApiKeyMiddleware.BusinessPrefix + "/auth", Verify);

    private static Task Verify(HttpContext context)
    {
        var account = context.RequestServices.GetRequiredService<SandboxContext>().Options.Account;
        return account.ProfileComplete
            ? SandboxJson.WriteAsync(
                context,
                StatusCodes.Status200OK,
                new AuthVerificationBody(account.Id, account.Name, account.VerificationStatus, account.Email, account.Plan))
            : SandboxJson.WriteErrorAsync(
                context,
                StatusCodes.Status403Forbidden,
                "Business profile incomplete",
                "Complete the business profile in the dashboard before using the API.");
    }
}

internal sealed record AuthVerificationBody(string Id, string Name, string VerificationStatus, string Email, string Plan);
