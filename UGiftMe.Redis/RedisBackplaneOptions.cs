using System.Diagnostics;

namespace UGiftMe.Redis;

/// <summary>Settings of the Redis backplane: key and channel names, claim and retention times.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class RedisBackplaneOptions
{
    /// <summary>
    /// Prefix of every key and of the channel name. Default <c>ugiftme:</c>. Give each application (or environment)
    /// sharing one Redis its own prefix.
    /// </summary>
    public string KeyPrefix { get; set; } = "ugiftme:";

    /// <summary>
    /// How long a claimed delivery stays claimed without renewal. The receiver renews its claim every third of this while
    /// the handler runs, so retries answer 409 however long the handler takes; the claim expires only when its receiver
    /// dies (or cannot reach Redis) before recording the outcome. Default 5 minutes.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a processed delivery is remembered. Default 24 hours; at least 6, because UGiftMe retries a delivery
    /// for about 5.5 hours.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The pub/sub channel order completions travel on.</summary>
    public string ChannelName => KeyPrefix + "order-completions";

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void EnsureValid()
    {
        if (string.IsNullOrWhiteSpace(KeyPrefix))
        {
            throw new ArgumentException("RedisBackplaneOptions.KeyPrefix must not be empty.", nameof(KeyPrefix));
        }

        if (ClaimTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RedisBackplaneOptions.ClaimTimeout must be positive.", nameof(ClaimTimeout));
        }

        if (Retention < TimeSpan.FromHours(6))
        {
            throw new ArgumentException(
                "RedisBackplaneOptions.Retention must be at least 6 hours, because UGiftMe retries a delivery for about 5.5 hours.",
                nameof(Retention));
        }
    }

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(KeyPrefix).Add(ClaimTimeout).Add(Retention).ToString();

    internal RedisBackplaneOptions Clone() => (RedisBackplaneOptions)MemberwiseClone();
}
