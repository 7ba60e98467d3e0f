namespace UGiftMe.Sandbox;

/// <summary>Timing of the worker that completes queued (asynchronous) order requests.</summary>
public sealed class SandboxOrderWorkerOptions
{
    /// <summary>Time from 202 (<c>queued</c>) to <c>processing</c>. Default 1 s.</summary>
    public TimeSpan QueuedDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time from <c>processing</c> to <c>succeeded</c> or <c>failed</c>. Default 1 s.</summary>
    public TimeSpan ProcessingDuration { get; set; } = TimeSpan.FromSeconds(1);
}
