namespace UGiftMe.Demo;

/// <summary>How the flow behaves against the local sandbox or a real account.</summary>
internal sealed record DemoFlowOptions
{
    /// <summary>Where UGiftMe posts webhooks (a tunnel to <see cref="WebhookPort"/>); null with no <see cref="LocalWebhookPath"/> skips the webhook steps.</summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>The local port the receiver listens on, a tunnel's target.</summary>
    public int WebhookPort { get; init; }

    /// <summary>
    /// For the local sandbox, which posts straight to the receiver: it listens at this path on a port of its own on
    /// 127.0.0.1, and the subscription names that URL.
    /// </summary>
    public string? LocalWebhookPath { get; init; }

    public bool PlaceOrder { get; init; } = true;

    /// <summary>How long to wait for the order's webhooks after it completed.</summary>
    public TimeSpan WebhookWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Fail when the webhooks do not arrive (the sandbox always sends them; a real account may be slower).</summary>
    public bool RequireWebhooks { get; init; }
}
