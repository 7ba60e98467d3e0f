using UGiftMe.Tests.TestSupport;
using System.Globalization;
using System.Text;
using UGiftMe.Models;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// Figure 5: runs the real <see cref="OrderOperation{T}"/> (default <see cref="OrderPollingOptions"/>,
/// the whole client pipeline) against <see cref="ScriptedOrderServer"/> on a <see cref="TestClock"/>: no real
/// time passes, so the figures do not depend on the machine. Only the policy's jitter is random, seeded with
/// <see cref="Seed"/> per job length, so every run of the command prints the same table; each job length is run
/// <see cref="RunsPerJob"/> times and the worst run is what the goals are checked against.
/// </summary>
internal static class PollingSimulation
{
    public const int RunsPerJob = 200;

    public const int Seed = 14;

    public static readonly TimeSpan[] Jobs =
    [
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(60),
        TimeSpan.FromMinutes(10),
    ];

    public static async Task<IReadOnlyList<PollingMeasurement>> MeasureAllAsync()
    {
        var results = new List<PollingMeasurement>();
        foreach (var job in Jobs)
        {
            results.Add(await MeasureAsync(job, RunsPerJob));
        }

        return results;
    }

    public static async Task<PollingMeasurement> MeasureAsync(TimeSpan job, int runs)
    {
        var polls = new List<int>();
        var lags = new List<TimeSpan>();
        var jitter = new Random(Seed);
        for (var run = 0; run < runs; run++)
        {
            var (pollCount, lag) = await RunOnceAsync(job, jitter);
            polls.Add(pollCount);
            lags.Add(lag);
        }

        lags.Sort();
        return new PollingMeasurement(job, runs, polls.Min(), polls.Max(), lags[lags.Count / 2], lags[^1]);
    }

    public static string ToMarkdown(IReadOnlyList<PollingMeasurement> measurements)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"No webhooks, {RunsPerJob} orders per job length, the policy's jitter seeded with {Seed}.");
        table.AppendLine();
        table.AppendLine("| Job length | Polls (min–max) | Detection lag, median | Detection lag, worst | Allowed lag | Poll budget | Goal met |");
        table.AppendLine("|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var m in measurements)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {Format(m.Job)} | {m.MinPolls}–{m.MaxPolls} | {m.MedianLag.TotalSeconds:0.00} s | {m.MaxLag.TotalSeconds:0.00} s | " +
                $"{m.AllowedLag.TotalSeconds:0.##} s | {(m.PollBudget is { } budget ? budget.ToString(CultureInfo.InvariantCulture) : "–")} | " +
                $"{(m.LagMet && m.PollsMet ? "yes" : "**no**")} |");
        }

        return table.ToString();
    }

    private static async Task<(int Polls, TimeSpan Lag)> RunOnceAsync(TimeSpan job, Random jitter)
    {
        var clock = new TestClock();
        using var server = new ScriptedOrderServer(clock, job);
        var options = new UGiftMeClientOptions
        {
            ApiKey = HandWrittenCall.ApiKey,
            TimeProvider = clock,
            AttemptTimeout = Timeout.InfiniteTimeSpan,
            TotalTimeout = Timeout.InfiniteTimeSpan,
        };
        options.OrderPolling.Random = jitter;
        using var client = new UGiftMeClient(options, server);
        var order = new CreateOrderRequest { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

        var operation = await client.Orders.StartAsync(order);
        await clock.RunAsync(operation.WaitForCompletionAsync());

        if (operation.PollCount != server.PollTimes.Count)
        {
            throw new InvalidOperationException($"The operation counted {operation.PollCount} polls, the server saw {server.PollTimes.Count}.");
        }

        return (server.PollTimes.Count, server.PollTimes[^1] - job);
    }

    private static string Format(TimeSpan job) =>
        job < TimeSpan.FromMinutes(10) || job.TotalSeconds % 60 != 0
            ? job.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s"
            : job.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " min";
}
