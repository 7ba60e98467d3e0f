using System.Globalization;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// One row of <see cref="WebhookPollingSimulation"/>: a job length at a webhook loss rate (or an outage), and its goal
/// (issue 14). <see cref="MaxPollsProven"/> counts only the orders that started once webhooks had proven themselves.
/// </summary>
internal sealed record WebhookPollingMeasurement(
    TimeSpan Job, double LossRate, bool Outage, int Runs, int LostRuns, int ProvenRuns, int MaxPolls, int? MaxPollsProven, TimeSpan P99Lag, TimeSpan MaxLag)
{
    /// <summary>With no webhook lost: noticed within 100 ms of the event (p99); a 60 s job costs at most 2 polls.</summary>
    public static readonly TimeSpan NoticedAfterEvent = TimeSpan.FromMilliseconds(100);

    /// <summary>Today's bound, which a lost webhook must not make worse: max(2 s, 20 % of the job).</summary>
    public TimeSpan TodaysLag => TimeSpan.FromSeconds(Math.Max(2, 0.2 * Job.TotalSeconds));

    public int? PollBudget => LossRate == 0 && Job == TimeSpan.FromSeconds(60) ? 2 : null;

    public string Scenario => Outage
        ? string.Create(CultureInfo.InvariantCulture, $"all after order {WebhookPollingSimulation.OutageAfterRuns}")
        : string.Create(CultureInfo.InvariantCulture, $"{LossRate:P0}");

    public string Goal => LossRate == 0
        ? $"p99 lag ≤ 100 ms after the event{(PollBudget is { } budget ? $", ≤ {budget} polls once webhooks are proven" : string.Empty)}"
        : $"worst lag ≤ {TodaysLag.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s (today's policy)";

    public bool Met => LossRate == 0
        ? P99Lag <= NoticedAfterEvent + WebhookPollingSimulation.EventLatency && (PollBudget is not { } polls || MaxPollsProven <= polls)
        : MaxLag <= TodaysLag;
}
