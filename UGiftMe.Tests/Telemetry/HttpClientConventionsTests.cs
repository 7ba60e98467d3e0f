using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using UGiftMe.Tests.Facade.Http;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Telemetry;

/// <summary>
/// The SDK's spans and metrics as the OpenTelemetry SDK exports them (in-memory exporter), over real HTTP on 127.0.0.1:
/// names from the operation's path template, the HTTP client attributes of the semantic conventions, and a duration
/// histogram whose buckets suit API calls. Latency is the test clock moved by the server while it answers, so every
/// duration is exact. Only the spans and points of this test's server (its port) are looked at.
/// </summary>
[NonParallelizable]
public sealed class HttpClientConventionsTests
{
    private const string OrderTemplate = "/api/v1/business/orders/{orderId}";

    private static readonly double[] Latencies = [0.003, 0.04, 0.3, 2, 15];

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private TracerProvider _tracing = null!;
    private MeterProvider _metering = null!;

    [SetUp]
    public void StartOpenTelemetry()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(UGiftMeTelemetry.Name).AddInMemoryExporter(_spans).Build()!;
        _metering = Sdk.CreateMeterProviderBuilder().AddMeter(UGiftMeTelemetry.Name).AddInMemoryExporter(_metrics).Build()!;
    }

    [TearDown]
    public void StopOpenTelemetry()
    {
        _tracing.Dispose();
        _metering.Dispose();
    }

    [Test]
    public async Task HundredOrderIds_OneSpanNamePerOperation_AndDurationsSpreadOverTheAdvisedBuckets()
    {
        var clock = new TestClock();
        var calls = 0;
        await using var api = new LoopbackServer(head =>
        {
            // The server's latency, on the client's clock: 3 ms, 40 ms, 300 ms, 2 s and 15 s in turn.
            clock.Advance(TimeSpan.FromSeconds(Latencies[Interlocked.Increment(ref calls) % Latencies.Length]));
            return head.StartsWith("GET /api/v1/business/wallet ", StringComparison.Ordinal)
                ? LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", "[]")
                : LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", $$"""{"_id":"{{head.Split(' ')[1].Split('/')[^1]}}","status":"completed"}""");
        });
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.BaseAddress = api.BaseAddress));
        var orderIds = Enumerable.Range(0, 100).Select(i => $"65b0{i:x4}{Guid.NewGuid():N}").ToList();

        foreach (var orderId in orderIds)
        {
            Assert.That((await client.Orders.GetAsync(orderId)).Value.Id, Is.EqualTo(orderId));
        }

        await client.Wallet.ListAsync();
        var spans = SpansOf(api.BaseAddress.Port);
        var durations = DurationPointsOf(api.BaseAddress.Port);

        Assert.That(spans, Has.Count.EqualTo(101));
        Assert.That(spans.Select(s => s.DisplayName).Distinct(), Is.EquivalentTo(new[] { "GET " + OrderTemplate, "GET /api/v1/business/wallet" }));
        Assert.That(spans.Select(s => s.Kind), Is.All.EqualTo(ActivityKind.Client));
        var orderSpan = spans.First(s => s.DisplayName.Contains("orders", StringComparison.Ordinal));
        Assert.That(Tags(orderSpan), Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["http.request.method"] = "GET",
            ["server.address"] = "127.0.0.1",
            ["server.port"] = api.BaseAddress.Port,
            ["url.full"] = $"{api.BaseAddress}orders/{orderIds[0]}",
            ["url.template"] = OrderTemplate,
            ["http.response.status_code"] = 200,
        }));
        Assert.That(orderSpan.Status, Is.EqualTo(ActivityStatusCode.Unset));

        var orders = durations.Single(p => Tag(p, "url.template") is OrderTemplate);
        Assert.That(Tags(orders), Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["http.request.method"] = "GET",
            ["server.address"] = "127.0.0.1",
            ["server.port"] = api.BaseAddress.Port,
            ["url.template"] = OrderTemplate,
            ["http.response.status_code"] = 200,
        }));
        var point = orders;
        Assert.That(point.GetHistogramCount(), Is.EqualTo(100));
        Assert.That(point.GetHistogramSum(), Is.EqualTo(Latencies.Sum() * 20).Within(1e-9));
        var buckets = BucketsOf(point);
        Assert.That(buckets.Keys, Is.EqualTo(UGiftMeMetrics.DurationBucketBoundaries.Append(double.PositiveInfinity)), "the SDK's bucket advice, not the OpenTelemetry defaults");
        Assert.That(buckets.Where(b => b.Value > 0), Is.EquivalentTo(new Dictionary<double, long> { [0.005] = 20, [0.05] = 20, [0.5] = 20, [2.5] = 20, [20] = 20 }));
    }

    [Test]
    public async Task RetriedThenSucceeded_SpanCountsTheResends_AndFailuresSayTheirErrorType()
    {
        var clock = new TestClock();
        var answers = new Queue<byte[]>([
            LoopbackServer.Raw("503 Service Unavailable", "Retry-After: 0\r\n", ""),
            LoopbackServer.Raw("503 Service Unavailable", "Retry-After: 0\r\n", ""),
            LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", """{"_id":"o-retried"}"""),
            LoopbackServer.Raw("404 Not Found", "Content-Type: application/json\r\n", """{"error":"Order not found"}"""),
        ]);
        await using var api = new LoopbackServer(_ => answers.Dequeue());
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.BaseAddress = api.BaseAddress));
        var closed = new LoopbackServer(_ => []);
        var unreachable = closed.BaseAddress;
        await closed.DisposeAsync();
        using var offline = new UGiftMeClient(TestClients.Options(clock, o => (o.BaseAddress, o.Retry.MaxRetries) = (unreachable, 0)));

        await clock.RunAsync(client.Orders.GetAsync("o-retried"));
        Assert.ThrowsAsync<ResourceNotFoundException>(() => client.Orders.GetAsync("o-missing"));
        Assert.ThrowsAsync<UGiftMeTransportException>(() => offline.Orders.GetAsync("o-offline"));

        var retried = SpansOf(api.BaseAddress.Port).Single(s => Tag(s, "url.full") is string url && url.EndsWith("/o-retried", StringComparison.Ordinal));
        Assert.That(Tag(retried, "http.request.resend_count"), Is.EqualTo(2));
        Assert.That(Tag(retried, "http.response.status_code"), Is.EqualTo(200));
        Assert.That(Tag(retried, "error.type"), Is.Null);
        var missing = SpansOf(api.BaseAddress.Port).Single(s => Tag(s, "url.full") is string url && url.EndsWith("/o-missing", StringComparison.Ordinal));
        Assert.That(Tag(missing, "error.type"), Is.EqualTo("404"));
        Assert.That(Tag(missing, "http.request.resend_count"), Is.Null, "set only when the request was resent");
        Assert.That(missing.Status, Is.EqualTo(ActivityStatusCode.Error));
        var failed = SpansOf(unreachable.Port).Single();
        Assert.That(Tag(failed, "error.type"), Is.EqualTo("System.Net.Http.HttpRequestException"));
        Assert.That(Tag(failed, "http.response.status_code"), Is.Null);

        Assert.That(DurationPointsOf(api.BaseAddress.Port).Select(p => (Tag(p, "http.response.status_code"), Tag(p, "error.type"))),
            Is.EquivalentTo(new[] { ((object?)200, (object?)null), (404, "404") }));
        Assert.That(DurationPointsOf(unreachable.Port).Select(p => Tag(p, "error.type")), Is.EqualTo(new[] { "System.Net.Http.HttpRequestException" }));
    }

    [Test]
    public async Task CallThePacerRefuses_IsRecordedAsAFailedCallThatSentNothing_AndTheCallBeforeItAsOneSpan()
    {
        var clock = new TestClock();
        var requests = 0;
        await using var api = new LoopbackServer(_ =>
        {
            Interlocked.Increment(ref requests);
            return LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\nRateLimit-Limit: 100\r\nRateLimit-Remaining: 0\r\nRateLimit-Reset: 3600\r\n", "[]");
        });
        using var client = new UGiftMeClient(TestClients.Options(clock, o => (o.BaseAddress, o.TotalTimeout) = (api.BaseAddress, TimeSpan.FromSeconds(100))));
        client.Pacer!.Activate();

        await client.Wallet.ListAsync();
        Assert.ThrowsAsync<RateLimitedException>(() => client.Wallet.ListAsync(), "no allowance left for an hour, longer than TotalTimeout");

        Assert.That(requests, Is.EqualTo(1), "the refused call sent nothing");
        var spans = SpansOf(api.BaseAddress.Port);
        Assert.That(spans, Has.Count.EqualTo(2), "one span per call");
        Assert.That(Tag(spans[0], "http.response.status_code"), Is.EqualTo(200));
        Assert.That(spans[0].Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(Tag(spans[1], "error.type"), Is.EqualTo("UGiftMe.RateLimitedException"));
        Assert.That(Tag(spans[1], "http.response.status_code"), Is.Null);
        Assert.That(spans[1].Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(DurationPointsOf(api.BaseAddress.Port).Select(p => (Tag(p, "http.response.status_code"), Tag(p, "error.type"))),
            Is.EquivalentTo(new[] { ((object?)200, (object?)null), (null, "UGiftMe.RateLimitedException") }));
    }

    [Test]
    public async Task CallCancelledWhileItWaitsForThePacer_IsRecordedAsCancelled()
    {
        var clock = new TestClock();
        await using var api = new LoopbackServer(_ =>
            LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\nRateLimit-Limit: 100\r\nRateLimit-Remaining: 0\r\nRateLimit-Reset: 60\r\n", "[]"));
        using var client = new UGiftMeClient(TestClients.Options(clock, o => o.BaseAddress = api.BaseAddress));
        client.Pacer!.Activate();
        await client.Wallet.ListAsync();
        using var cancel = new CancellationTokenSource();

        var waiting = client.Wallet.ListAsync(cancel.Token);
        Assert.That(await clock.WaitForPendingTimerAsync(), Is.EqualTo(TimeSpan.FromSeconds(60)), "its turn, when the next window begins");
        await cancel.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(() => waiting);
        var cancelled = SpansOf(api.BaseAddress.Port)[1];
        Assert.That(Tag(cancelled, "error.type"), Is.EqualTo("System.OperationCanceledException"));
        Assert.That(cancelled.Status, Is.EqualTo(ActivityStatusCode.Error));
    }

    [Test]
    public async Task ClientFromDependencyInjection_RecordsToTheContainersMeterFactory_ConstructedClientToTheStaticMeter()
    {
        var clock = new TestClock();
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", "[]"));
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddUGiftMe(o =>
        {
            o.ApiKey = TestClients.ApiKey;
            o.BaseAddress = api.BaseAddress;
            o.TimeProvider = clock;
            o.AttemptTimeout = o.TotalTimeout = Timeout.InfiniteTimeSpan;
        });
        await using var provider = services.BuildServiceProvider();
        var meterFactory = provider.GetRequiredService<IMeterFactory>();
        using var containers = new MetricCollector<double>(meterFactory, UGiftMeTelemetry.Name, UGiftMeTelemetry.DurationInstrument);
        using var shared = new MetricCollector<double>(UGiftMeMetrics.Shared.Meter, UGiftMeTelemetry.DurationInstrument);
        using var constructed = new UGiftMeClient(TestClients.Options(clock, o => o.BaseAddress = api.BaseAddress));

        await provider.GetRequiredService<UGiftMeClient>().Wallet.ListAsync();
        await provider.GetRequiredService<UGiftMeClient>().Wallet.ListAsync();
        await constructed.Wallet.ListAsync();

        Assert.That(containers.GetMeasurementSnapshot().Count(m => Equals(m.Tags["server.port"], api.BaseAddress.Port)), Is.EqualTo(2));
        Assert.That(containers.Instrument!.Meter.Scope, Is.SameAs(meterFactory));
        Assert.That(shared.GetMeasurementSnapshot().Count(m => Equals(m.Tags["server.port"], api.BaseAddress.Port)), Is.EqualTo(1));
        Assert.That(DurationPointsOf(api.BaseAddress.Port).Sum(p => p.GetHistogramCount()), Is.EqualTo(3), "OpenTelemetry's AddMeter(\"UGiftMe\") sees both meters");
    }

    private List<Activity> SpansOf(int port)
    {
        _tracing.ForceFlush();
        return [.. _spans.Where(s => Equals(Tag(s, "server.port"), port))];
    }

    private List<MetricPoint> DurationPointsOf(int port)
    {
        _metrics.Clear();
        _metering.ForceFlush();
        var duration = _metrics.Where(m => m.Name == UGiftMeTelemetry.DurationInstrument).ToList();
        Assert.That(duration.Select(m => (m.Unit, m.MetricType)), Is.All.EqualTo(("s", MetricType.Histogram)));
        return [.. duration.SelectMany(m => m.MetricPoints).Where(p => Equals(Tag(p, "server.port"), port))];
    }

    private static Dictionary<double, long> BucketsOf(MetricPoint point)
    {
        var buckets = new Dictionary<double, long>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            buckets[bucket.ExplicitBound] = bucket.BucketCount;
        }

        return buckets;
    }

    private static object? Tag(Activity span, string name) => span.GetTagItem(name);

    private static object? Tag(MetricPoint point, string name) => Tags(point).GetValueOrDefault(name);

    private static Dictionary<string, object?> Tags(Activity span) => span.TagObjects.ToDictionary(t => t.Key, t => t.Value);

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value is long or int ? Convert.ToInt32(tag.Value, CultureInfo.InvariantCulture) : tag.Value;
        }

        return tags;
    }
}
