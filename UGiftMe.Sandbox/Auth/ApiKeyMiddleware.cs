using System.Net;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Json;

namespace UGiftMe.Sandbox.Auth;

/// <summary>
/// <c>X-API-Key</c> on every Business API path: 401 when missing, unknown or revoked; 403 when the key has an IP allow
/// list that the caller's address is not on. The accepted key is left in <see cref="HttpContext.Items"/>.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, SandboxContext sandbox)
{
    public const string BusinessPrefix = "/api/v1/business";
    private const string CallerItem = "UGiftMe.Sandbox.Caller";

    public static SandboxApiKey Caller(HttpContext context) => (SandboxApiKey)context.Items[CallerItem]!;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(BusinessPrefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var presented = context.Request.Headers["X-API-Key"].ToString().Trim();
        if (presented.Length == 0)
        {
            await SandboxJson.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Missing API key")
                .ConfigureAwait(false);
            return;
        }

        var state = sandbox.KeyStates.FirstOrDefault(k => string.Equals(k.Key.Key, presented, StringComparison.Ordinal));
        if (state is null || state.Revoked)
        {
            var reason = state is null ? "Key not recognised" : "Key revoked";
            await SandboxJson.WriteAsync(
                    context, StatusCodes.Status401Unauthorized, new ErrorBody("Invalid API key", Reason: reason))
                .ConfigureAwait(false);
            return;
        }

        var address = ClientAddress(context);
        var allowedIps = state.AllowedIps;
        if (allowedIps.Count > 0 && !allowedIps.Any(allowed => Allows(allowed, address)))
        {
            await SandboxJson.WriteErrorAsync(
                    context,
                    StatusCodes.Status403Forbidden,
                    "IP address not allowed",
                    $"This key only accepts requests from its IP allow list; {address} is not on it.")
                .ConfigureAwait(false);
            return;
        }

        context.Items[CallerItem] = state.Key;
        await next(context).ConfigureAwait(false);
    }

    private IPAddress ClientAddress(HttpContext context)
    {
        if (sandbox.Options.TrustForwardedFor)
        {
            var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim();
            if (IPAddress.TryParse(forwarded, out var simulated))
            {
                return simulated;
            }
        }

        var remote = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
        return remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
    }

    private static bool Allows(string allowed, IPAddress address)
    {
        if (IPNetwork.TryParse(allowed, out var network))
        {
            return network.Contains(address);
        }

        return IPAddress.TryParse(allowed, out var single) && single.Equals(address);
    }
}
