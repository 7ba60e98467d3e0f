using UGiftMe.Sandbox;

namespace UGiftMe.Testing;

/// <summary>
/// The account behind the sandbox's API key: whether orders are synchronous (201) or queued (202), and what the key is
/// allowed. Changes apply from the next request.
/// </summary>
public sealed class SandboxAccount
{
    private readonly SandboxServer _server;

    internal SandboxAccount(SandboxServer server) => _server = server;

    /// <summary>
    /// Whether order creates are queued (202 and an order request that a worker completes on the sandbox clock) rather
    /// than done at once (201). Starts as <c>SandboxOptions.OrdersAsync</c>.
    /// </summary>
    public bool OrdersAsync
    {
        get => _server.Options.OrdersAsync;
        set => _server.Options.OrdersAsync = value;
    }

    /// <summary>Whether the key is revoked (<see cref="RevokeKey"/>).</summary>
    public bool IsKeyRevoked => State.Revoked;

    /// <summary>
    /// Revokes the key: every request gets 401 <c>Invalid API key</c>, reason <c>Key revoked</c>, and the SDK throws
    /// <see cref="AuthenticationFailedException"/>.
    /// </summary>
    public void RevokeKey() => State.Revoked = true;

    /// <summary>Accepts the key again after <see cref="RevokeKey"/>.</summary>
    public void RestoreKey() => State.Revoked = false;

    /// <summary>
    /// Gives the key an IP allow list: callers from other addresses (the test, on 127.0.0.1, unless listed) get 403
    /// <c>IP address not allowed</c>, and the SDK throws <see cref="PermissionDeniedException"/>.
    /// </summary>
    /// <param name="allowed">Addresses or CIDR ranges, e.g. <c>203.0.113.7</c> or <c>10.0.0.0/8</c>.</param>
    public void RestrictToIps(params IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var list = allowed.ToArray();
        ArgumentOutOfRangeException.ThrowIfZero(list.Length, nameof(allowed));
        State.AllowedIps = list;
    }

    /// <summary>Removes the key's IP allow list.</summary>
    public void AllowAllIps() => State.AllowedIps = [];

    private Sandbox.Auth.ApiKeyState State => _server.Context.KeyStates[0];
}
