namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// What the default polling policy costs for one job length, over several runs (the policy's jitter is random):
/// polls sent and detection lag (time from the job's completion to the poll that saw it).
/// </summary>
internal sealed record PollingMeasurement(TimeSpan Job, int Runs, int MinPolls, int MaxPolls, TimeSpan MedianLag, TimeSpan MaxLag)
{
    /// <summary>The bound on lag: max(2 s, 20 % of the job's duration).</summary>
    public TimeSpan AllowedLag => TimeSpan.FromSeconds(Math.Max(2, 0.2 * Job.TotalSeconds));

    /// <summary>The poll budget: 20 for jobs up to 60 s, 35 up to 10 minutes; none stated beyond.</summary>
    public int? PollBudget => Job <= TimeSpan.FromSeconds(60) ? 20 : Job <= TimeSpan.FromMinutes(10) ? 35 : null;

    public bool LagMet => MaxLag <= AllowedLag;

    public bool PollsMet => PollBudget is not { } budget || MaxPolls <= budget;
}
