using System.Globalization;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// The polling goals as <c>GOAL</c> lines for the benchmarks' <c>goals</c> command: issue 14's webhook-accelerated
/// rows (<see cref="WebhookPollingSimulation"/>), then the outage rows as <c>MEASURED</c> lines (not a goal of the
/// issue: what a sudden, total loss of webhooks costs the orders already waiting).
/// </summary>
internal static class PollingGoals
{
    public static async Task<IReadOnlyList<string>> LinesAsync()
    {
        var lines = new List<string>();
        foreach (var m in await WebhookPollingSimulation.MeasureAllAsync())
        {
            lines.Add(Line("GOAL", m) + $" — {(m.Met ? "met" : "NOT met")}");
        }

        foreach (var m in await WebhookPollingSimulation.MeasureOutageAsync())
        {
            lines.Add(Line("MEASURED", m) + $" — within today's {m.TodaysLag.TotalSeconds:0.##} s: {(m.Met ? "yes" : "no")}");
        }

        return lines;
    }

    private static string Line(string kind, WebhookPollingMeasurement m) => string.Create(CultureInfo.InvariantCulture,
        $"{kind} webhooks on, {m.Scenario} lost, {m.Job.TotalSeconds:0.##} s job: {m.Goal} — measured p99 {m.P99Lag.TotalMilliseconds:0} ms, " +
        $"worst {m.MaxLag.TotalMilliseconds:0} ms, at most {m.MaxPolls} polls ({(m.MaxPollsProven is { } p ? $"{p} once proven, " : string.Empty)}" +
        $"{m.ProvenRuns}/{m.Runs} orders proven, {m.LostRuns}/{m.Runs} webhooks lost, seed {WebhookPollingSimulation.Seed})");
}
