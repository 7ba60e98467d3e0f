using System.Diagnostics;

namespace UGiftMe.AspNetCore;

/// <summary>
/// Settings of the UGiftMe webhook receiver, bound from configuration (for example the <c>UGiftMe:Webhooks</c>
/// section) or set in code. Validated when the application starts. <see cref="ToString"/>, the debugger and JSON
/// serializers (System.Text.Json and Newtonsoft.Json) never show a secret.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class UGiftMeWebhookOptions
{
    /// <summary>The default <see cref="MaxBodySize"/>: 1 MiB.</summary>
    public const long DefaultMaxBodySize = 1024 * 1024;

    /// <summary>The smallest <see cref="DeduplicationRetention"/> accepted: 6 hours, covering UGiftMe's retries.</summary>
    public static readonly TimeSpan MinimumDeduplicationRetention = TimeSpan.FromHours(6);

    /// <summary>
    /// The webhook secrets to accept (required). List two while rotating: the new one and the one being retired. Also
    /// list the secrets of every subscription that posts to the same URL.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [Newtonsoft.Json.JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public IList<string> Secrets { get; } = new List<string>();

    /// <summary>
    /// The largest body accepted, in bytes; a larger delivery gets HTTP 413. Default <see cref="DefaultMaxBodySize"/>.
    /// <c>product.updated</c> carries a whole product document, so raise it if your catalog documents are large.
    /// </summary>
    public long MaxBodySize { get; set; } = DefaultMaxBodySize;

    /// <summary>
    /// Whether retries of a delivery that was already handled successfully are acknowledged without calling the
    /// handler again. Default true.
    /// </summary>
    public bool Deduplicate { get; set; } = true;

    /// <summary>
    /// How long the default in-memory store remembers a handled delivery. Default 24 hours; at least
    /// <see cref="MinimumDeduplicationRetention"/>, because UGiftMe retries for about 5.5 hours.
    /// </summary>
    public TimeSpan DeduplicationRetention { get; set; } = InMemoryWebhookDeduplicationStore.DefaultRetention;

    /// <summary>
    /// How long the claim of a delivery being handled lasts without renewal, in the default in-memory store. While its
    /// handler runs, the receiver renews the claim every third of this, so retries get 409 however long the handler
    /// takes and one delivery never runs twice at once; a claim expires (and a retry is handled) only when its renewals
    /// stop. Default <see cref="InMemoryWebhookDeduplicationStore.DefaultClaimTimeout"/> (1 minute).
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = InMemoryWebhookDeduplicationStore.DefaultClaimTimeout;

    /// <summary>
    /// Whether start-up fails without a secret in <see cref="Secrets"/>. Default true. Set false when the secrets come
    /// only from <see cref="UGiftMeWebhookSecrets"/> at run time (for example right after creating the webhook);
    /// until one is added, deliveries get 401 and UGiftMe retries them.
    /// </summary>
    public bool RequireSecretAtStartup { get; set; } = true;

    /// <summary>Describes the settings without revealing any secret: of <see cref="Secrets"/>, only how many there are.</summary>
    /// <returns>The number of secrets and the other settings.</returns>
    public override string ToString() => new OptionsDescription(this).Secret(Secrets).Add(MaxBodySize).Add(Deduplicate)
        .Add(DeduplicationRetention).Add(ClaimTimeout).Add(RequireSecretAtStartup).ToString();
}
