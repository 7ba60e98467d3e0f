using System.Globalization;
using System.Text;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// Issue 14: the same simulation as <see cref="PollingSimulation"/> (real <see cref="OrderOperation{T}"/>,
/// default policy, <see cref="TestClock"/>), with webhooks connected: the signed <c>order.succeeded</c> is verified and
/// handed to an <see cref="OrderCompletionNotifier"/> <see cref="EventLatency"/> after the job ends — or lost, at the
/// given rate (seeded, the seed is printed). Detection lag is the fake time from the job's end to the wait's end.
/// </summary>
internal static class WebhookPollingSimulation
{
    public const int RunsPerJob = 200;

    public const int Seed = 14;

    /// <summary>The sandbox's delivery latency on this machine: a few milliseconds.</summary>
    public static readonly TimeSpan EventLatency = TimeSpan.FromMilliseconds(5);

    public static readonly double[] LossRates = [0.0, 0.2];

    private const string Secret = "whsec_benchmarks";

    public static async Task<IReadOnlyList<WebhookPollingMeasurement>> MeasureAllAsync()
    {
        var results = new List<WebhookPollingMeasurement>();
        foreach (var loss in LossRates)
        {
            var random = new Random(Seed);
            foreach (var job in PollingSimulation.Jobs)
            {
                var runs = new List<(int Polls, TimeSpan Lag, bool Lost)>();
                for (var run = 0; run < RunsPerJob; run++)
                {
                    runs.Add(await RunOnceAsync(job, lost: random.NextDouble() < loss));
                }

                var lags = runs.Select(r => r.Lag).Order().ToList();
                results.Add(new WebhookPollingMeasurement(job, loss, RunsPerJob, runs.Count(r => r.Lost), runs.Max(r => r.Polls),
                    lags[(int)Math.Ceiling(0.99 * lags.Count) - 1], lags[^1]));
            }
        }

        return results;
    }

    public static string ToMarkdown(IReadOnlyList<WebhookPollingMeasurement> measurements)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Webhooks connected, event {EventLatency.TotalMilliseconds:0} ms after the job, {RunsPerJob} runs per row, seed {Seed}.");
        table.AppendLine();
        table.AppendLine("| Job length | Webhooks lost | Runs lost | Polls (most) | Lag p99 | Lag worst | Goal | Met |");
        table.AppendLine("|---:|---:|---:|---:|---:|---:|---|:---:|");
        foreach (var m in measurements)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Job.TotalSeconds:0.##} s | {m.LossRate:P0} | {m.LostRuns} | {m.MaxPolls} | {Format(m.P99Lag)} | {Format(m.MaxLag)} | {m.Goal} | {(m.Met ? "yes" : "**no**")} |");
        }

        return table.ToString();
    }

    private static async Task<(int Polls, TimeSpan Lag, bool Lost)> RunOnceAsync(TimeSpan job, bool lost)
    {
        var clock = new TestClock();
        using var server = new ScriptedOrderServer(clock, job);
        var notifier = new OrderCompletionNotifier(timeProvider: clock);
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
                await notifier.PublishAsync(Succeeded());
                await TestClock.WaitUntilAsync(() => wait.IsCompleted, "the webhook ended the wait");
            }
            else
            {
                clock.Advance(due);
            }
        }

        await wait;
        return (server.PollTimes.Count, clock.GetUtcNow() - queuedAt - job, lost);
    }

    private static WebhookEvent Succeeded()
    {
        var signed = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderSucceeded, new
        {
            orderRequestId = ScriptedOrderServer.RequestId,
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
