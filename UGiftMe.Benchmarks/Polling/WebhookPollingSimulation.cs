using System.Globalization;
using System.Text;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// Issue 14: the same simulation as <see cref="PollingSimulation"/> (real <see cref="OrderOperation{T}"/>,
/// default policy, <see cref="TestClock"/>), with webhooks connected: the signed <c>order.succeeded</c> is verified and
/// handed to an <see cref="OrderCompletionNotifier"/> <see cref="EventLatency"/> after the job ends — or lost. Each row
/// is one application: one clock and one notifier for all its orders, one after another, so the notifier's trust in
/// webhooks (<see cref="OrderPollingOptions.WebhooksConfirmedBeforeSafetyInterval"/>) builds up and breaks down as it
/// would in production. Detection lag is the fake time from the job's end to the wait's end.
/// </summary>
internal static class WebhookPollingSimulation
{
    public const int RunsPerJob = 200;

    public const int Seed = 14;

    /// <summary>In the outage rows, webhooks work for this many orders and are all lost after that.</summary>
    public const int OutageAfterRuns = 100;

    /// <summary>The sandbox's delivery latency on this machine: a few milliseconds.</summary>
    public static readonly TimeSpan EventLatency = TimeSpan.FromMilliseconds(5);

    public static readonly double[] LossRates = [0.0, 0.2];

    private const string Secret = "whsec_benchmarks";

    /// <summary>The issue's rows: each webhook lost independently at each of <see cref="LossRates"/> (seeded).</summary>
    public static async Task<IReadOnlyList<WebhookPollingMeasurement>> MeasureAllAsync()
    {
        var results = new List<WebhookPollingMeasurement>();
        foreach (var loss in LossRates)
        {
            var random = new Random(Seed);
            foreach (var job in PollingSimulation.Jobs)
            {
                results.Add(await MeasureRowAsync(job, loss, outage: false, _ => random.NextDouble() < loss));
            }
        }

        return results;
    }

    /// <summary>Webhooks that worked stop arriving at all (a receiver taken down, a subscription disabled).</summary>
    public static async Task<IReadOnlyList<WebhookPollingMeasurement>> MeasureOutageAsync()
    {
        var results = new List<WebhookPollingMeasurement>();
        foreach (var job in PollingSimulation.Jobs)
        {
            results.Add(await MeasureRowAsync(job, lossRate: 1, outage: true, run => run >= OutageAfterRuns));
        }

        return results;
    }

    public static string ToMarkdown(IReadOnlyList<WebhookPollingMeasurement> measurements)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture,
            $"Webhooks connected, event {EventLatency.TotalMilliseconds:0} ms after the job, {RunsPerJob} orders per row one after another in one application, seed {Seed}. " +
            $"\"Proven\": orders that started after {new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval} in a row were completed by their webhook.");
        table.AppendLine();
        table.AppendLine("| Job length | Webhooks lost | Runs lost | Runs proven | Polls (most, all runs) | Polls (most, proven) | Lag p99 | Lag worst | Goal | Met |");
        table.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---|:---:|");
        foreach (var m in measurements)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Job.TotalSeconds:0.##} s | {m.Scenario} | {m.LostRuns} | {m.ProvenRuns} | {m.MaxPolls} | {(m.MaxPollsProven is { } p ? p.ToString(CultureInfo.InvariantCulture) : "–")} | " +
                $"{Format(m.P99Lag)} | {Format(m.MaxLag)} | {m.Goal} | {(m.Met ? "yes" : "**no**")} |");
        }

        return table.ToString();
    }

    private static async Task<WebhookPollingMeasurement> MeasureRowAsync(TimeSpan job, double lossRate, bool outage, Func<int, bool> isLost)
    {
        var clock = new TestClock();
        var notifier = new OrderCompletionNotifier(timeProvider: clock);
        var required = new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval;
        var runs = new List<(int Polls, TimeSpan Lag, bool Lost, bool Proven)>();
        for (var run = 0; run < RunsPerJob; run++)
        {
            var proven = notifier.HasProvenItself(required);
            var lost = isLost(run);
            var (polls, lag) = await RunOnceAsync(clock, notifier, job, string.Create(CultureInfo.InvariantCulture, $"65e4f5b6c7d8e9012{run:D7}"), lost);
            runs.Add((polls, lag, lost, proven));
        }

        var lags = runs.Select(r => r.Lag).Order().ToList();
        var provenPolls = runs.Where(r => r.Proven).Select(r => r.Polls).ToList();
        return new WebhookPollingMeasurement(job, lossRate, outage, RunsPerJob, runs.Count(r => r.Lost), provenPolls.Count, runs.Max(r => r.Polls),
            provenPolls.Count > 0 ? provenPolls.Max() : null, lags[(int)Math.Ceiling(0.99 * lags.Count) - 1], lags[^1]);
    }

    private static async Task<(int Polls, TimeSpan Lag)> RunOnceAsync(TestClock clock, OrderCompletionNotifier notifier, TimeSpan job, string orderRequestId, bool lost)
    {
        using var server = new ScriptedOrderServer(clock, job, orderRequestId);
        var options = new UGiftMeClientOptions
        {
            ApiKey = HandWrittenCall.ApiKey,
            TimeProvider = clock,
            AttemptTimeout = Timeout.InfiniteTimeSpan,
            TotalTimeout = Timeout.InfiniteTimeSpan,
        };
        options.OrderPolling.CompletionNotifier = notifier;
        using var client = new UGiftMeClient(options, server);
        var order = new CreateOrderRequest { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

        var operation = await client.Orders.StartAsync(order);
        var queuedAt = clock.GetUtcNow();
        var wait = operation.WaitForCompletionAsync();
        var deliverAt = queuedAt + job + EventLatency;
        var delivered = lost;
        while (!wait.IsCompleted)
        {
            var due = await clock.WaitForPendingTimerAsync(wait);
            if (wait.IsCompleted)
            {
                break;
            }

            var now = clock.GetUtcNow();
            if (!delivered && now + due >= deliverAt)
            {
                // The webhook arrives before the next timer: deliver it, and let the wait react before time moves on.
                clock.Advance(deliverAt - now);
                delivered = true;
                await notifier.PublishAsync(Succeeded(orderRequestId));
                await TestClock.WaitUntilAsync(() => wait.IsCompleted, "the webhook ended the wait");
            }
            else
            {
                clock.Advance(due);
            }
        }

        await wait;
        var lag = clock.GetUtcNow() - queuedAt - job;
        if (!delivered)
        {
            // A poll saw the outcome first; the webhook that was not lost still arrives, a few milliseconds late.
            var now = clock.GetUtcNow();
            if (deliverAt > now)
            {
                clock.Advance(deliverAt - now);
            }

            await notifier.PublishAsync(Succeeded(orderRequestId));
        }

        return (server.PollTimes.Count, lag);
    }

    private static WebhookEvent Succeeded(string orderRequestId)
    {
        var signed = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderSucceeded, new
        {
            orderRequestId,
            status = "succeeded",
            type = "single",
            result = new { orderId = "65b0d1e2f3a4b56789012345" },
            timestamp = "2026-01-01T00:01:00.000Z",
        });
        return new WebhookVerifier(Secret).Verify(signed.Body.Span, signed.ToWebhookHeaders());
    }

    private static string Format(TimeSpan lag) =>
        lag < TimeSpan.FromSeconds(1)
            ? lag.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"
            : lag.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
