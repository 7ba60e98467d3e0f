using System.Globalization;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// One row of <see cref="WebhookPollingSimulation"/>: a job length at a webhook loss rate (or an outage), over
/// <see cref="Runs"/> orders of one application. Orders are split into the warm-up (started before webhooks had proven
/// themselves: <see cref="WarmUpRuns"/>) and the steady state (<see cref="ProvenRuns"/>, started once they had).
/// </summary>
internal sealed record WebhookPollingMeasurement(
    TimeSpan Job, double LossRate, bool Outage, int Runs, int LostRuns, int ProvenRuns, int MaxPolls, int? MaxPollsProven, TimeSpan P99Lag, TimeSpan MaxLag,
    TimeSpan P99LagProven, int WarmUpRuns, int MaxPollsWarmUp, TimeSpan P99LagWarmUp)
{
    /// <summary>With no webhook lost: noticed within 100 ms of the event (p99).</summary>
    public static readonly TimeSpan NoticedAfterEvent = TimeSpan.FromMilliseconds(100);

    /// <summary>Today's bound, which a lost webhook must not make worse: max(2 s, 20 % of the job).</summary>
    public TimeSpan TodaysLag => TimeSpan.FromSeconds(Math.Max(2, 0.2 * Job.TotalSeconds));

    /// <summary>Issue 14's poll budget once trust is earned: 2 polls for a 60 s job (none stated for other lengths).</summary>
    public int? ProvenPollBudget => Job == TimeSpan.FromSeconds(60) ? 2 : null;

    /// <summary>Today's poll budget (the polling issue's), which the warm-up must keep: 20 up to 60 s, 35 up to 10 minutes.</summary>
    public int? TodaysPollBudget => new PollingMeasurement(Job, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero).PollBudget;

    public string Scenario => Outage
        ? string.Create(CultureInfo.InvariantCulture, $"all lost after order {WebhookPollingSimulation.OutageAfterRuns}")
        : string.Create(CultureInfo.InvariantCulture, $"{LossRate * 100:0} % lost");

    /// <summary>Steady state at 0 % loss: p99 within 100 ms of the event, and the 60 s job's 2 polls.</summary>
    public bool SteadyStateMet =>
        ProvenRuns > 0 && P99LagProven <= NoticedAfterEvent + WebhookPollingSimulation.EventLatency
        && (ProvenPollBudget is not { } budget || MaxPollsProven <= budget);

    /// <summary>Warm-up at 0 % loss: p99 within 100 ms of the event, and no more polls than today's budget.</summary>
    public bool WarmUpMet =>
        P99LagWarmUp <= NoticedAfterEvent + WebhookPollingSimulation.EventLatency && (TodaysPollBudget is not { } budget || MaxPollsWarmUp <= budget);

    /// <summary>With webhooks lost: never worse than today's policy.</summary>
    public bool WithinTodaysLag => MaxLag <= TodaysLag;
}
