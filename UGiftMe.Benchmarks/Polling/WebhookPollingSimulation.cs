using System.Globalization;
using System.Text;
using UGiftMe.Models;
using UGiftMe.Testing;
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
            $"Warm-up: the orders started before {new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval} in a row were completed by their webhook; trusted: those started after. " +
            $"order.queued arrives {EventLatency.TotalMilliseconds:0} ms after the 202 unless lost; the policy's jitter is seeded too.");
        table.AppendLine();
        table.AppendLine("| Job length | Webhooks | Lost | Warm-up orders | Polls (most, warm-up) | Polls (most, trusted) | Lag p99, trusted | Lag p99 | Lag worst | Today's bound |");
        table.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in measurements)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Job.TotalSeconds:0.##} s | {m.Scenario} | {m.LostRuns} | {m.WarmUpRuns} | {m.MaxPollsWarmUp} | {(m.MaxPollsProven is { } p ? p.ToString(CultureInfo.InvariantCulture) : "–")} | " +
                $"{(m.ProvenRuns > 0 ? Format(m.P99LagProven) : "–")} | {Format(m.P99Lag)} | {Format(m.MaxLag)} | {m.TodaysLag.TotalSeconds:0.##} s |");
        }

        return table.ToString();
    }

    private static async Task<WebhookPollingMeasurement> MeasureRowAsync(TimeSpan job, double lossRate, bool outage, Func<int, bool> isLost)
    {
        var clock = new TestClock();
        var notifier = new OrderCompletionNotifier(timeProvider: clock);
        // The policy's jitter, seeded per row: every run of the command measures the same schedule.
        var jitter = new Random(Seed);
        var required = new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval;
        var runs = new List<(int Polls, TimeSpan Lag, bool Lost, bool Proven)>();
        for (var run = 0; run < RunsPerJob; run++)
        {
            var proven = notifier.HasProvenItself(required);
            // Each of an order's two webhooks (order.queued, then order.succeeded) is lost on its own.
            var queuedLost = isLost(run);
            var lost = isLost(run);
            var orderRequestId = string.Create(CultureInfo.InvariantCulture, $"65e4f5b6c7d8e9012{run:D7}");
            var (polls, lag) = await RunOnceAsync(clock, notifier, jitter, job, orderRequestId, queuedLost, lost);
            runs.Add((polls, lag, lost, proven));
        }

        var lags = runs.Select(r => r.Lag).Order().ToList();
        var provenPolls = runs.Where(r => r.Proven).Select(r => r.Polls).ToList();
        var warmUp = runs.TakeWhile(r => !r.Proven).ToList();
        return new WebhookPollingMeasurement(job, lossRate, outage, RunsPerJob, runs.Count(r => r.Lost), provenPolls.Count, runs.Max(r => r.Polls),
            provenPolls.Count > 0 ? provenPolls.Max() : null, lags[(int)Math.Ceiling(0.99 * lags.Count) - 1], lags[^1],
            P99(runs.Where(r => r.Proven).Select(r => r.Lag)), warmUp.Count, warmUp.Count > 0 ? warmUp.Max(r => r.Polls) : 0, P99(warmUp.Select(r => r.Lag)));
    }

    private static TimeSpan P99(IEnumerable<TimeSpan> lags)
    {
        var sorted = lags.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
    }

    private static async Task<(int Polls, TimeSpan Lag)> RunOnceAsync(
        TestClock clock, OrderCompletionNotifier notifier, Random jitter, TimeSpan job, string orderRequestId, bool queuedLost, bool lost)
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
        options.OrderPolling.Random = jitter;
        using var client = new UGiftMeClient(options, server);
        var order = new CreateOrderRequest { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

        var operation = await client.Orders.StartAsync(order);
        var queuedAt = clock.GetUtcNow();
        var wait = operation.WaitForCompletionAsync();
        // The webhooks UGiftMe sends, EventLatency after the 202 and after the job; a lost one never arrives.
        var succeededAt = queuedAt + job + EventLatency;
        var deliveries = new Queue<(DateTimeOffset At, WebhookEvent Event)>();
        if (!queuedLost)
        {
            deliveries.Enqueue((queuedAt + EventLatency, Queued(orderRequestId)));
        }

        if (!lost)
        {
            deliveries.Enqueue((succeededAt, Succeeded(orderRequestId)));
        }

        while (!wait.IsCompleted)
        {
            var due = await clock.WaitForPendingTimerAsync(wait);
            if (wait.IsCompleted)
            {
                break;
            }

            var now = clock.GetUtcNow();
            if (deliveries.TryPeek(out var next) && now + due >= next.At)
            {
                // A webhook arrives before the next timer: deliver it, and let the wait react before time moves on.
                deliveries.Dequeue();
                clock.Advance(next.At - now);
                if (await notifier.PublishAsync(next.Event))
                {
                    await TestClock.WaitUntilAsync(() => wait.IsCompleted, "the webhook ended the wait");
                }
            }
            else
            {
                clock.Advance(due);
            }
        }

        await wait;
        var lag = clock.GetUtcNow() - queuedAt - job;
        foreach (var (at, late) in deliveries)
        {
            // A poll saw the outcome first; the webhooks that were not lost still arrive.
            var now = clock.GetUtcNow();
            if (at > now)
            {
                clock.Advance(at - now);
            }

            await notifier.PublishAsync(late);
        }

        return (server.PollTimes.Count, lag);
    }

    private static WebhookEvent Queued(string orderRequestId)
    {
        var signed = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderQueued, new
        {
            orderRequestId,
            status = "queued",
            type = "single",
            timestamp = "2026-01-01T00:00:00.000Z",
        });
        return new WebhookVerifier(Secret).Verify(signed.Body.Span, signed.ToWebhookHeaders());
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
