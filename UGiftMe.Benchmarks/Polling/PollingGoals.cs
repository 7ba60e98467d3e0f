using System.Globalization;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// The polling goals as <c>GOAL</c> lines for the benchmarks' <c>goals</c> command: today's policy
/// (<see cref="PollingSimulation"/>) and, issue 14, the webhook-accelerated rows (<see cref="WebhookPollingSimulation"/>).
/// </summary>
internal static class PollingGoals
{
    public static async Task<IReadOnlyList<string>> LinesAsync()
    {
        var lines = new List<string>();
        foreach (var m in await WebhookPollingSimulation.MeasureAllAsync())
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"GOAL webhooks on, {m.LossRate:P0} lost, {m.Job.TotalSeconds:0.##} s job: {m.Goal} — measured p99 {m.P99Lag.TotalMilliseconds:0} ms, worst {m.MaxLag.TotalMilliseconds:0} ms, at most {m.MaxPolls} polls ({m.LostRuns}/{m.Runs} webhooks lost, seed {WebhookPollingSimulation.Seed}) — {(m.Met ? "met" : "NOT met")}"));
        }

        return lines;
    }
}
