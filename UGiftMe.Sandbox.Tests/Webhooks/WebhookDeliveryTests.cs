using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Webhooks;

public class WebhookDeliveryTests
{
    private FakeTimeProvider _time = null!;
    private CapturingWebhookHandler _receiver = null!;

    [SetUp]
    public void CreateClockAndReceiver()
    {
        _time = new FakeTimeProvider();
        _receiver = new CapturingWebhookHandler();
    }

    [TearDown]
    public void DisposeReceiver() => _receiver.Dispose();

    private SandboxOptions Options(bool ordersAsync = false)
    {
        var options = new SandboxOptions { OrdersAsync = ordersAsync, TimeProvider = _time, WebhookHandler = _receiver };
        options.OrderWorker.QueuedDuration = TimeSpan.FromSeconds(1);
        options.OrderWorker.ProcessingDuration = TimeSpan.FromSeconds(1);
        return options;
    }

    private static async Task<string> SubscribeAsync(HttpClient client, params string[] events)
    {
        using var response = await Api.PostAsync(
            client, "webhooks", new { url = "https://hooks.example.com/inbound", events });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (string)(await Api.JsonAsync(response))["secret"]!;
    }

    private static string Hmac(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    [Test]
    public async Task SyncOrder_WalletUpdatedDelivery_IsSignedOverExactBodyBytes()
    {
        await using var sandbox = await SandboxServer.StartAsync(Options());
        using var client = sandbox.CreateClient();
        var secret = await SubscribeAsync(client, "wallet.updated");

        using var order = await Api.PostAsync(client, "orders", Api.Order("TESCO-GBP-50", "Tesco", 50m));
        var delivery = await _receiver.NextAsync(CancellationToken.None);
        var payload = JsonNode.Parse(delivery.Body)!;

        Assert.That(delivery.Event, Is.EqualTo("wallet.updated"));
        Assert.That(delivery.Headers["Content-Type"], Is.EqualTo("application/json"));
        Assert.That(delivery.Headers["X-Webhook-Signature"], Is.EqualTo(Hmac(secret, delivery.Body)));
        Assert.That(delivery.Headers.ContainsKey("X-Webhook-Delivery"), Is.False);
        Assert.That(delivery.Text, Is.EqualTo(payload.ToJsonString()), "compact JSON, as JSON.stringify writes it");
        Assert.That((decimal?)payload["balance"], Is.EqualTo(1950m));
        Assert.That((string?)payload["source"], Is.EqualTo("api_order"));
        Assert.That((string?)payload["transaction"]!["orderId"], Is.EqualTo(sandbox.State.Orders.Single().Id));
    }

    [Test]
    public async Task SuccessfulDelivery_UpdatesDeliveryStatsAndLastUsed()
    {
        await using var sandbox = await SandboxServer.StartAsync(Options());
        using var client = sandbox.CreateClient();
        await SubscribeAsync(client, "wallet.updated");

        using var order = await Api.PostAsync(client, "orders", Api.Order());
        await sandbox.State.WaitForWebhookDeliveriesAsync(d => d.Count == 1, CancellationToken.None);
        var listed = (await Api.JsonAsync(await Api.GetAsync(client, "webhooks"))).AsArray().Single()!;

        Assert.That(listed["deliveryStats"]!.ToJsonString(), Is.EqualTo("""{"success":1,"failed":0}"""));
        Assert.That((string?)listed["lastUsed"], Is.Not.Null);
    }

    [Test]
    public async Task AsyncOrder_EmitsQueuedProcessingSucceededInStep()
    {
        await using var sandbox = await SandboxServer.StartAsync(Options(ordersAsync: true));
        using var client = sandbox.CreateClient();
        await SubscribeAsync(client, "order.queued", "order.processing", "order.succeeded");

        using var accepted = await Api.PostAsync(client, "orders", Api.Order());
        var requestId = (string?)(await Api.JsonAsync(accepted))["orderRequestId"];
        var queued = await _receiver.NextAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var processing = await _receiver.NextAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var succeeded = await _receiver.NextAsync(CancellationToken.None);
        var result = JsonNode.Parse(succeeded.Body)!;

        Assert.That(new[] { queued.Event, processing.Event, succeeded.Event }, Is.EqualTo(new[] { "order.queued", "order.processing", "order.succeeded" }));
        Assert.That((string?)result["orderRequestId"], Is.EqualTo(requestId));
        Assert.That((string?)result["result"]!["orderId"], Is.EqualTo(sandbox.State.Orders.Single().Id));
    }

    [Test]
    public async Task FailingReceiver_IsRetriedOnTheDocumentedScheduleThenGivenUp()
    {
        _receiver.Respond(Enumerable.Repeat(HttpStatusCode.InternalServerError, 6).ToArray());
        await using var sandbox = await SandboxServer.StartAsync(Options());
        using var client = sandbox.CreateClient();
        await SubscribeAsync(client, "wallet.updated");
        using var order = await Api.PostAsync(client, "orders", Api.Order());
        TimeSpan[] expected =
        [
            TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1),
            TimeSpan.FromHours(4),
        ];

        var first = await _receiver.NextAsync(CancellationToken.None);
        for (var attempt = 1; attempt <= expected.Length; attempt++)
        {
            await sandbox.State.WaitForWebhookDeliveriesAsync(d => d.Count == attempt, CancellationToken.None);
            var recorded = sandbox.State.WebhookDeliveries[attempt - 1];
            Assert.That(recorded.NextAttemptAt - recorded.AttemptedAt, Is.EqualTo(expected[attempt - 1]), $"after attempt {attempt}");
            _time.Advance(expected[attempt - 1]);
            var retry = await _receiver.NextAsync(CancellationToken.None);
            Assert.That(retry.Body, Is.EqualTo(first.Body), "a retry re-sends the same bytes");
        }

        await sandbox.State.WaitForWebhookDeliveriesAsync(d => d.Count == 6, CancellationToken.None);
        var last = sandbox.State.WebhookDeliveries[^1];
        Assert.That(last.Attempt, Is.EqualTo(6));
        Assert.That(last.NextAttemptAt, Is.Null);
        Assert.That(sandbox.State.WebhookSubscriptions.Single().FailedCount, Is.EqualTo(6));
    }

    [Test]
    public async Task FailedDelivery_RetrySucceeds_StopsRetrying()
    {
        _receiver.Respond(HttpStatusCode.ServiceUnavailable);
        await using var sandbox = await SandboxServer.StartAsync(Options());
        using var client = sandbox.CreateClient();
        await SubscribeAsync(client, "wallet.updated");
        using var order = await Api.PostAsync(client, "orders", Api.Order());

        await sandbox.State.WaitForWebhookDeliveriesAsync(d => d.Count == 1, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await sandbox.State.WaitForWebhookDeliveriesAsync(d => d.Count == 2, CancellationToken.None);

        var deliveries = sandbox.State.WebhookDeliveries;
        Assert.That(deliveries.Select(d => (d.Attempt, d.Succeeded, d.StatusCode)), Is.EqualTo(new[] { (1, false, (int?)503), (2, true, (int?)200) }));
        Assert.That(deliveries[1].NextAttemptAt, Is.Null);
        var subscription = sandbox.State.WebhookSubscriptions.Single();
        Assert.That((subscription.SuccessCount, subscription.FailedCount), Is.EqualTo((1, 1)));
    }

    [Test]
    public async Task SlowReceiver_TimesOutAfterFiveSecondsAndIsRetried()
    {
        _receiver.HangNext();
        await using var sandbox = await SandboxServer.StartAsync(Options());
        using var client = sandbox.CreateClient();
        await SubscribeAsync(client, "wallet.updated");
        using var order = await Api.PostAsync(client, "orders", Api.Order());

        await _receiver.NextAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await sandbox.State.WaitForWebhookDeliveriesAsync(d => d.Count == 1, CancellationToken.None);

        var delivery = sandbox.State.WebhookDeliveries.Single();
        Assert.That(delivery.Succeeded, Is.False);
        Assert.That(delivery.Error, Does.Contain("Timed out"));
        Assert.That(delivery.NextAttemptAt, Is.EqualTo(delivery.AttemptedAt + TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task SendTest_DeliversSignedWebhookTestWithTestHeader()
    {
        await using var sandbox = await SandboxServer.StartAsync(Options());
        using var client = sandbox.CreateClient();
        using var created = await Api.PostAsync(
            client, "webhooks", new { url = "https://hooks.example.com/inbound", events = new[] { "order.failed" } });
        var subscription = await Api.JsonAsync(created);

        using var response = await Api.PostAsync(client, "webhooks/test", new { webhookId = (string?)subscription["id"] });
        var result = await Api.JsonAsync(response);
        var delivery = await _receiver.NextAsync(CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((bool?)result["ok"], Is.True);
        Assert.That((int?)result["statusCode"], Is.EqualTo(200));
        Assert.That(delivery.Event, Is.EqualTo("webhook.test"));
        Assert.That(delivery.Headers["X-Webhook-Delivery"], Is.EqualTo("test"));
        Assert.That(delivery.Headers["X-Webhook-Signature"], Is.EqualTo(Hmac((string)subscription["secret"]!, delivery.Body)));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(delivery.Body), result["payload"]), Is.True);
    }

    [Test]
    public async Task SendTest_ReceiverFails_Returns200WithOkFalseAndError()
    {
        _receiver.Respond(HttpStatusCode.InternalServerError);
        await using var sandbox = await SandboxServer.StartAsync(Options());
        using var client = sandbox.CreateClient();
        using var created = await Api.PostAsync(
            client, "webhooks", new { url = "https://hooks.example.com/inbound", events = new[] { "order.failed" } });

        using var response = await Api.PostAsync(
            client, "webhooks/test", new { webhookId = (string?)(await Api.JsonAsync(created))["id"] });
        var result = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((bool?)result["ok"], Is.False);
        Assert.That((int?)result["statusCode"], Is.EqualTo(500));
        Assert.That((string?)result["errorMessage"], Is.Not.Empty);
    }

    [Test]
    public async Task SendTest_UnknownWebhook_Is404()
    {
        await using var sandbox = await SandboxServer.StartAsync(Options());
        using var client = sandbox.CreateClient();

        using var response = await Api.PostAsync(client, "webhooks/test", new { webhookId = "65d3f4a5b6c7d89012345678" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
