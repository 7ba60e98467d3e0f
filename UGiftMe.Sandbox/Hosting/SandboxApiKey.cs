namespace UGiftMe.Sandbox;

/// <summary>An API key the sandbox accepts, with the per-key settings the real API has.</summary>
public sealed class SandboxApiKey
{
    /// <summary>The key, sent as <c>X-API-Key</c>. Real keys are UUIDs; the sandbox accepts any text.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Overrides <see cref="SandboxOptions.OrdersAsync"/> for this key when set.</summary>
    public bool? OrdersAsync { get; set; }

    /// <summary>
    /// When not empty, only these addresses (IPv4/IPv6 or CIDR ranges such as <c>10.0.0.0/8</c>) may use the key;
    /// others get 403.
    /// </summary>
    public IList<string> AllowedIps { get; } = [];

    /// <summary>A revoked key gets 401 <c>Invalid API key</c> with reason <c>Key revoked</c>.</summary>
    public bool Revoked { get; set; }
}
