using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Webhooks;

/// <summary>The sandbox-only feed <c>GET /sandbox/v1/webhooks/{id}/deliveries</c> that <c>ugiftme listen</c> reads.</summary>
public class WebhookDeliveryFeedTests
{
    private CapturingWebhookHandler _receiver = null!;

    [SetUp]
    public void CreateReceiver() => _receiver = new CapturingWebhookHandler();

    [TearDown]
    public void DisposeReceiver() => _receiver.Dispose();

    [Test]
    public async Task Feed_StreamsEachAttemptOfItsSubscription_AsOneJsonLine()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = new FakeTimeProvider(), WebhookHandler = _receiver });
        using var client = sandbox.CreateClient();
        var watched = await SubscribeAsync(client, "wallet.updated");
        await SubscribeAsync(client, "wallet.updated");
        _receiver.Respond(HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        using var feed = await client.GetAsync($"sandbox/v1/webhooks/{watched}/deliveries", HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        using var lines = new StreamReader(await feed.Content.ReadAsStreamAsync());

        using var order = await Api.PostAsync(client, "orders", Api.Order());
        var entry = JsonNode.Parse((await lines.ReadLineAsync(CancellationToken.None))!)!;
        await sandbox.State.WaitForWebhookDeliveriesAsync(d => d.Count == 2, CancellationToken.None);

        Assert.That(feed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(feed.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/x-ndjson"));
        var attempt = sandbox.State.WebhookDeliveries.Single(d => d.SubscriptionId == watched);
        Assert.That((string?)entry["event"], Is.EqualTo("wallet.updated"));
        Assert.That((int?)entry["attempt"], Is.EqualTo(1));
        Assert.That((bool?)entry["succeeded"], Is.EqualTo(attempt.Succeeded));
        Assert.That((int?)entry["statusCode"], Is.EqualTo(attempt.StatusCode));
        Assert.That(entry["nextAttemptAt"] is null, Is.EqualTo(attempt.NextAttemptAt is null));
        Assert.That(entry.AsObject().Select(p => p.Key), Does.Not.Contain("body").And.Not.Contain("signature"), "outcomes only");
    }

    [Test]
    public async Task Feed_WithAWrongKey_Is401_AndForAnUnknownSubscription_404()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { WebhookHandler = _receiver });
        using var client = sandbox.CreateClient();
        using var anonymous = sandbox.CreateClient(withApiKey: false);
        var id = await SubscribeAsync(client, "wallet.updated");

        using var unauthenticated = await anonymous.GetAsync($"sandbox/v1/webhooks/{id}/deliveries", CancellationToken.None);
        using var unknown = await client.GetAsync("sandbox/v1/webhooks/000000000000000000000000/deliveries", CancellationToken.None);

        Assert.That(unauthenticated.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static async Task<string> SubscribeAsync(HttpClient client, params string[] events)
    {
        using var response = await Api.PostAsync(client, "webhooks", new { url = "https://hooks.example.com/inbound", events });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (string)(await Api.JsonAsync(response))["id"]!;
    }
}
