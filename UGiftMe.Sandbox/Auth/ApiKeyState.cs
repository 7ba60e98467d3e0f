namespace UGiftMe.Sandbox.Auth;

/// <summary>
/// What a running sandbox currently enforces for one key, starting from its <see cref="SandboxApiKey"/>: tests revoke
/// a key or change its IP allow list while requests are served, so both are swapped whole, never mutated.
/// </summary>
internal sealed class ApiKeyState(SandboxApiKey key)
{
    private volatile bool _revoked = key.Revoked;
    private volatile string[] _allowedIps = [.. key.AllowedIps];

    public SandboxApiKey Key { get; } = key;

    public bool Revoked
    {
        get => _revoked;
        set => _revoked = value;
    }

    public IReadOnlyList<string> AllowedIps
    {
        get => _allowedIps;
        set => _allowedIps = [.. value];
    }
}
