using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using UGiftMe.Testing;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// The webhook receiver against a bare endpoint: 64 concurrent senders post signed <c>order.succeeded</c> deliveries
/// over loopback HTTP to the two receivers of <see cref="WebhookReceiverServer"/> (one Kestrel app in another process),
/// in interleaved turns (the order rotating each round, medians of turns, after a warm-up of both). Every delivery
/// is unique (its <c>orderRequestId</c> is a counter), so de-duplication never short-circuits: the server's count of
/// handled deliveries must equal the senders' count of 200s in every turn. Deliveries per second are counted by the
/// senders; bytes allocated per delivery are the server process's allocations during the turn over its deliveries.
/// </summary>
internal sealed class WebhookReceiverComparison
{
    public const int Senders = 64;
    public const string Raw = "bare endpoint (raw HMAC)";
    public const string Sdk = "MapUGiftMeWebhooks";

    private const string DocumentedOrderRequestId = "65e4f5b6c7d8e90123456789";

    private static readonly TimeSpan Turn = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(8);
    private static readonly WebhookSigner Signer = new(WebhookReceiverServer.Secret);

    // The documented order.succeeded body, whose orderRequestId each delivery replaces with its own.
    private static readonly string DocumentedBody = DocumentedBodies.OrderSucceeded.Contains(DocumentedOrderRequestId, StringComparison.Ordinal)
        ? DocumentedBodies.OrderSucceeded
        : throw new InvalidOperationException("The documented order.succeeded body no longer carries the orderRequestId this benchmark replaces.");

    private static long _nextDelivery;

    private readonly List<(string Scenario, string Unit, double Raw, double Sdk)> _rows = [];

    public IReadOnlyList<GoalLine> Goals { get; private set; } = [];

    public static async Task<WebhookReceiverComparison> RunAsync(int rounds = 15)
    {
        using var server = await LoopbackServerProcess.StartAsync("webhooks-serve");
        using var http = new HttpClient(Loopback.Transport()) { BaseAddress = server.BaseAddress };
        var targets = new (string Name, Uri Uri)[]
        {
            (Raw, new Uri(server.BaseAddress, WebhookReceiverServer.RawPath)),
            (Sdk, new Uri(server.BaseAddress, WebhookReceiverServer.SdkPath)),
        };

        for (var warm = Stopwatch.StartNew(); warm.Elapsed < WarmUp;)
        {
            foreach (var (_, uri) in targets)
            {
                await SendForAsync(http, uri, Turn);
            }
        }

        var rates = targets.ToDictionary(t => t.Name, _ => new List<double>());
        var bytes = targets.ToDictionary(t => t.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < targets.Length; i++)
            {
                var (name, uri) = targets[(i + round) % targets.Length];
                var before = await StatsAsync(http);
                var (delivered, elapsed) = await SendForAsync(http, uri, Turn);
                var after = await StatsAsync(http);
                var accepted = name == Sdk ? after.SdkHandled - before.SdkHandled : after.RawAccepted - before.RawAccepted;
                if (accepted != delivered)
                {
                    throw new InvalidOperationException($"{name} answered 200 to {delivered} deliveries but handled {accepted}: a delivery was not unique, or was dropped.");
                }

                rates[name].Add(delivered / elapsed.TotalSeconds);
                bytes[name].Add((double)(after.Allocated - before.Allocated) / delivered);
            }
        }

        var result = new WebhookReceiverComparison();
        var (rawRate, sdkRate) = (Interleaved.Median(rates[Raw]), Interleaved.Median(rates[Sdk]));
        var (rawBytes, sdkBytes) = (Interleaved.Median(bytes[Raw]), Interleaved.Median(bytes[Sdk]));
        result._rows.Add(($"webhook deliveries, loopback HTTP, {Senders} senders", "deliveries per second", rawRate, sdkRate));
        result._rows.Add(($"webhook deliveries, loopback HTTP, {Senders} senders", "bytes allocated per delivery (receiving process)", rawBytes, sdkBytes));
        result.Goals =
        [
            GoalLine.AtLeast($"webhooks.receiver.{Senders}_senders.deliveries_vs_raw", 0.95, sdkRate / rawRate),
            GoalLine.AtMost($"webhooks.receiver.{Senders}_senders.alloc_vs_raw", 2.00, sdkBytes / rawBytes),
        ];
        return result;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| Scenario | Unit | {Raw} | {Sdk} | {Sdk} ÷ bare |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var (scenario, unit, raw, sdk) in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {unit} | {raw:N1} | {sdk:N1} | {sdk / raw:0.00} |");
        }

        return text.ToString();
    }

    // Senders post unique signed deliveries for one turn; returns how many got their 200 and how long the turn took.
    private static async Task<(long Delivered, TimeSpan Elapsed)> SendForAsync(HttpClient http, Uri uri, TimeSpan turn)
    {
        long delivered = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < turn)
            {
                using var request = NextDelivery().ToHttpRequestMessage(uri);
                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{uri} answered {(int)response.StatusCode} to a genuine delivery.");
                }

                Interlocked.Increment(ref delivered);
            }
        })));
        watch.Stop();
        return (delivered, watch.Elapsed);
    }

    // The documented order.succeeded body with a new orderRequestId (24 hex digits, as the documented one), signed
    // with UGiftMe's WebhookSigner.
    private static SignedWebhookDelivery NextDelivery()
    {
        var id = Interlocked.Increment(ref _nextDelivery);
        var body = DocumentedBody.Replace(DocumentedOrderRequestId, $"65e4f5b6{id:x16}", StringComparison.Ordinal);
        return Signer.CreateDelivery(WebhookEventNames.OrderSucceeded, Encoding.UTF8.GetBytes(body));
    }

    private static async Task<(long Allocated, long SdkHandled, long RawAccepted)> StatsAsync(HttpClient http)
    {
        var parts = (await http.GetStringAsync(new Uri(WebhookReceiverServer.StatsPath, UriKind.Relative))).Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
