using System.Diagnostics;

namespace UGiftMe.Sandbox;

/// <summary>Timing of the worker that completes queued (asynchronous) order requests.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SandboxOrderWorkerOptions
{
    /// <summary>The default <see cref="FailureReason"/>.</summary>
    public const string DefaultFailureReason = "The merchant could not issue the gift card.";

    /// <summary>Time from 202 (<c>queued</c>) to <c>processing</c>. Default 1 s.</summary>
    public TimeSpan QueuedDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time from <c>processing</c> to <c>succeeded</c> or <c>failed</c>. Default 1 s.</summary>
    public TimeSpan ProcessingDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Share (0–1) of queued order requests that end <c>failed</c> with <see cref="FailureReason"/> instead of creating
    /// their order(s), drawn from a generator seeded with <see cref="SandboxOptions.Seed"/>. Default 0.
    /// </summary>
    public double FailureRate { get; set; }

    /// <summary>The <c>error</c> of an order request failed by <see cref="FailureRate"/>.</summary>
    public string FailureReason { get; set; } = DefaultFailureReason;

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(QueuedDuration).Add(ProcessingDuration).Add(FailureRate).Add(FailureReason).ToString();
}
