namespace UGiftMe.Demo;

/// <summary>How the flow behaves against the local sandbox or a real account.</summary>
internal sealed record DemoFlowOptions
{
    /// <summary>Where UGiftMe posts webhooks; null skips the webhook steps.</summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>The local port the receiver listens on (the URL's port for the sandbox; a tunnel's target otherwise).</summary>
    public int WebhookPort { get; init; }

    public bool PlaceOrder { get; init; } = true;

    /// <summary>How long to wait for the order's webhooks after it completed.</summary>
    public TimeSpan WebhookWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Fail when the webhooks do not arrive (the sandbox always sends them; a real account may be slower).</summary>
    public bool RequireWebhooks { get; init; }
}
