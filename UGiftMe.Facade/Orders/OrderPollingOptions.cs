using System.Diagnostics;

namespace UGiftMe;

/// <summary>
/// How an asynchronous order is followed. The interval grows with the time already waited (by
/// <see cref="IntervalRatio"/> of it, never below <see cref="MinInterval"/> nor above <see cref="MaxInterval"/>), with
/// up to <see cref="Jitter"/> of it removed at random, so completion is noticed within max(2 s, 20 % of the job's
/// duration) while a 60 s job costs at most 20 polls and a 10-minute job at most 35.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class OrderPollingOptions
{
    /// <summary>Wait before the first poll, counted from the 202 answer. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The shortest interval between polls. Default 2 s.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The interval as a share of the time already waited. Default 0.2.</summary>
    public double IntervalRatio { get; set; } = 0.2;

    /// <summary>The longest interval between polls. Default 60 s.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Up to this share of each interval is removed at random, so many waiting clients do not poll in step. Default 0.1.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>
    /// How long to wait for completion in total before <see cref="OrderWaitTimeoutException"/>. The order is not
    /// cancelled: resume it later by its order request id. Default 15 minutes.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// With webhooks connected (<see cref="CompletionNotifier"/>) and proven (<see cref="WebhooksConfirmedBeforeSafetyInterval"/>),
    /// the first poll waits this long instead of <see cref="InitialDelay"/>: the verified <c>order.succeeded</c> /
    /// <c>order.failed</c> webhook normally completes the wait long before. If no event has arrived by then (a lost
    /// webhook), the normal policy takes over from that point. Default 60 s: a 60 s job then costs at most 2 polls.
    /// </summary>
    public TimeSpan WebhookSafetyInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many orders in a row must have been completed by their webhook (not first seen by a poll) before waits trust
    /// webhooks and poll only at <see cref="WebhookSafetyInterval"/>. Until then, and again from the first order whose
    /// outcome a poll saw and no webhook followed within 30 s, waits poll by the normal policy while still ending the
    /// moment a webhook arrives: a webhook that gets lost then costs no more than polling alone. The count is kept
    /// by the <see cref="CompletionNotifier"/>, for the whole application. Default 50; 0 trusts webhooks from the start.
    /// </summary>
    public int WebhooksConfirmedBeforeSafetyInterval { get; set; } = 50;

    /// <summary>
    /// Once the application has received an <c>order.queued</c> webhook, a wait that trusts webhooks (its first poll
    /// planned at <see cref="WebhookSafetyInterval"/>) expects its own <c>order.queued</c> within this time of the 202:
    /// UGiftMe sends it with the 202, so it normally arrives within milliseconds. If it does not, the webhook path may
    /// be broken: that wait polls by the normal policy from then on, and trust is revoked (the count of
    /// <see cref="WebhooksConfirmedBeforeSafetyInterval"/> starts over). Default 2 s, so that an order finishing while
    /// webhooks stop is noticed within today's max(2 s, 20 % of the job). <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// turns the check off; it is off anyway until an <c>order.queued</c> arrives (subscribe to it to use it).
    /// </summary>
    public TimeSpan QueuedWebhookTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Where verified order webhooks arrive; null (the default without a webhook receiver) polls as always. Dependency
    /// injection sets it when <c>AddUGiftMeWebhooks</c> (or <c>AddRedisBackplane</c>) is registered.
    /// </summary>
    public OrderCompletionNotifier? CompletionNotifier { get; set; }

    /// <summary>Checks every setting and returns the problems found; empty when valid.</summary>
    public IReadOnlyList<string> Validate() => Problems("OrderPollingOptions.");

    // Each problem names the setting after prefix: the type's name, or the client options' property that holds these.
    internal List<string> Problems(string prefix)
    {
        // A wait sleeps at most LongestTimer at once; a timer refuses longer due times.
        var longest = UGiftMeClientOptions.LongestTimer;
        (bool Broken, string Problem)[] rules =
        [
            (InitialDelay < TimeSpan.Zero, "InitialDelay must not be negative."),
            (MinInterval <= TimeSpan.Zero, "MinInterval must be positive."),
            (MaxInterval < MinInterval, "MaxInterval must be at least MinInterval."),
            (IntervalRatio is < 0 or > 10 || double.IsNaN(IntervalRatio), "IntervalRatio must be between 0 and 10."),
            (Jitter is < 0 or >= 1 || double.IsNaN(Jitter), "Jitter must be at least 0 and less than 1."),
            (Timeout <= TimeSpan.Zero, "Timeout must be positive."),
            (WebhookSafetyInterval <= TimeSpan.Zero, "WebhookSafetyInterval must be positive."),
            (QueuedWebhookTimeout <= TimeSpan.Zero && QueuedWebhookTimeout != System.Threading.Timeout.InfiniteTimeSpan,
                "QueuedWebhookTimeout must be positive (or Timeout.InfiniteTimeSpan to turn the check off)."),
            (WebhooksConfirmedBeforeSafetyInterval < 0, "WebhooksConfirmedBeforeSafetyInterval must not be negative."),
            (InitialDelay > longest, $"{nameof(InitialDelay)} must be at most {longest}, not {InitialDelay}."),
            (MaxInterval > longest, $"{nameof(MaxInterval)} must be at most {longest}, not {MaxInterval}."),
            (Timeout > longest, $"{nameof(Timeout)} must be at most {longest}, not {Timeout}."),
        ];
        var problems = new List<string>();
        foreach (var (broken, problem) in rules)
        {
            if (broken)
            {
                problems.Add(prefix + problem);
            }
        }

        return problems;
    }

    /// <summary>The wait before the next poll when <paramref name="waited"/> has passed since the order was queued.</summary>
    /// <param name="waited">Time since the order request was accepted.</param>
    /// <param name="random">A number in [0, 1) that picks the jitter.</param>
    public TimeSpan NextInterval(TimeSpan waited, double random)
    {
        var proportional = TimeSpan.FromTicks((long)(waited.Ticks * IntervalRatio));
        var interval = proportional < MinInterval ? MinInterval : proportional > MaxInterval ? MaxInterval : proportional;
        return TimeSpan.FromTicks((long)(interval.Ticks * (1 - (Jitter * random))));
    }

    /// <summary>The jitter's random source; null for <see cref="System.Random.Shared"/>. Seeded by the benchmarks' simulation so its runs repeat.</summary>
    internal Random? Random { get; set; }

    /// <summary>A description for logs and debuggers (the settings; not the <see cref="CompletionNotifier"/>).</summary>
    public override string ToString() => new OptionsDescription(this).Add(InitialDelay).Add(MinInterval).Add(IntervalRatio).Add(MaxInterval).Add(Jitter)
        .Add(Timeout).Add(WebhookSafetyInterval).Add(WebhooksConfirmedBeforeSafetyInterval).Add(QueuedWebhookTimeout).ToString();

    internal OrderPollingOptions Clone() => (OrderPollingOptions)MemberwiseClone();
}
