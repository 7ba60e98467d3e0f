using System.Diagnostics;

namespace UGiftMe.Sandbox;

/// <summary>How webhook deliveries are sent and retried.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SandboxWebhookOptions
{
    /// <summary>The documented retry schedule: 1 min, 5 min, 15 min, 1 h, 4 h.</summary>
    public static IReadOnlyList<TimeSpan> DocumentedRetryDelays { get; } =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1),
        TimeSpan.FromHours(4),
    ];

    /// <summary>Timeout of an event delivery. Default 5 s (production's).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of a <c>POST /webhooks/test</c> delivery. Default 10 s.</summary>
    public TimeSpan TestDeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Delays before each retry of a failed delivery (non-2xx, timeout, connection error); one attempt plus one per
    /// entry. Empty means <see cref="DocumentedRetryDelays"/> (6 attempts, following the docs' table).
    /// </summary>
    public IList<TimeSpan> RetryDelays { get; } = [];

    /// <summary>Refuse <c>http://</c> subscription URLs, as the create page says. Default <see langword="false"/>.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(DeliveryTimeout).Add(TestDeliveryTimeout).Add(RetryDelays).Add(RequireHttps).ToString();
}
