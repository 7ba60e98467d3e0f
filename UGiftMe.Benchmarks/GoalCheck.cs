using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using UGiftMe.Benchmarks.Polling;

namespace UGiftMe.Benchmarks;

/// <summary>One goal, checked against the numbers of the run that produced the results file.</summary>
internal sealed record GoalCheck(string Goal, string Target, string Measured, bool Met)
{
    public static IReadOnlyList<GoalCheck> Evaluate(IReadOnlyList<Summary> summaries, IReadOnlyList<PollingMeasurement> polling,
        IReadOnlyList<Peers.GoalLine> peerGoals, IReadOnlyList<Peers.GoalLine> receiverGoals)
    {
        // The call's own cost is held to the interleaved peer comparison (raw HttpClient and the peer in one run), not
        // to BenchmarkDotNet's hand-written rows: one set of targets, the same as the goals command prints.
        var checks = peerGoals.Select(g => new GoalCheck($"Pipeline: {g.Name}", g.Target, g.Measured.ToString("0.00", CultureInfo.InvariantCulture), g.Met)).ToList();
        checks.AddRange(receiverGoals.Select(g => new GoalCheck($"Webhook receiver: {g.Name}", g.Target, g.Measured.ToString("0.00", CultureInfo.InvariantCulture), g.Met)));

        var webhooks = Find(summaries, typeof(WebhookVerificationBenchmarks));
        var allocations = new List<double>();
        foreach (var size in webhooks.BenchmarksCases.Select(c => c.Parameters.ValueInfo).Distinct())
        {
            var (time, _) = Ratio(webhooks, nameof(WebhookVerificationBenchmarks.VerifySignature), size);
            checks.Add(new($"3. VerifySignature, {size}: time (median)", "≤ 1.11× raw HMAC (≥ 0.9× its throughput)", $"{time:0.00}×", time <= 1.11));
        }

        // Counted exactly on this thread (see VerifySignatureAllocatedBytes), for 1 KB, 64 KB and 1 MB.
        foreach (var size in new[] { 1024, 64 * 1024, 1024 * 1024 })
        {
            allocations.Add(WebhookVerificationBenchmarks.VerifySignatureAllocatedBytes(size));
        }

        checks.Add(new("3. VerifySignature: allocated per call, 1 KB / 64 KB / 1 MB (exact count)", "no growth with body size",
            string.Join(" / ", allocations.Select(a => $"{a:0} B")), allocations.All(a => a <= allocations[0])));

        foreach (var m in polling)
        {
            checks.Add(new($"5. Polling, {m.Job.TotalSeconds:0} s job: worst lag", $"≤ {m.AllowedLag.TotalSeconds:0.##} s",
                $"{m.MaxLag.TotalSeconds:0.00} s", m.LagMet));
            if (m.PollBudget is { } budget)
            {
                checks.Add(new($"5. Polling, {m.Job.TotalSeconds:0} s job: most polls", $"≤ {budget}", m.MaxPolls.ToString(CultureInfo.InvariantCulture), m.PollsMet));
            }
        }

        return checks;
    }

    public static string ToMarkdown(IReadOnlyList<GoalCheck> checks)
    {
        var table = new StringBuilder();
        table.AppendLine("| Goal | Target | This run | Met |");
        table.AppendLine("|---|---|---:|:---:|");
        foreach (var check in checks)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {check.Goal} | {check.Target} | {check.Measured} | {(check.Met ? "yes" : "**no**")} |");
        }

        return table.ToString();
    }

    private static Summary Find(IReadOnlyList<Summary> summaries, Type type) =>
        summaries.Single(s => s.BenchmarksCases.Any(c => c.Descriptor.Type == type));

    // Median time and allocation of a benchmark over its table's baseline (or another row) with the same parameters.
    // The median, not the mean: on a shared machine a neighbour's burst lands in a few iterations and drags a mean.
    private static (double Time, double Allocated) Ratio(Summary summary, string method, string? parameters, string? baselineMethod = null)
    {
        var measured = Report(summary, method, parameters, baseline: false);
        var baseline = Report(summary, baselineMethod, parameters, baseline: baselineMethod is null);
        return (measured.ResultStatistics!.Median / baseline.ResultStatistics!.Median,
            Bytes(measured) / Math.Max(1, Bytes(baseline)));
    }

    private static double Bytes(BenchmarkReport report) =>
        report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;

    private static BenchmarkReport Report(Summary summary, string? method, string? parameters, bool baseline) =>
        summary.Reports.Single(r =>
            (baseline ? r.BenchmarkCase.Descriptor.Baseline : r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)
            && (parameters is null || r.BenchmarkCase.Parameters.ValueInfo == parameters));
}
