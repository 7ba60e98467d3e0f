using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using UGiftMe.Cli.Tests.TestSupport;

namespace UGiftMe.Cli.Tests;

/// <summary>The local workflow: `ugiftme sandbox`, an app receiving webhooks, `ugiftme listen --forward-to` the app.</summary>
public sealed class ListenTests
{
    private static readonly string[] OrderEvents = ["order.queued", "order.processing", "order.succeeded", "wallet.updated"];

    [Test]
    [CancelAfter(120_000)]
    public async Task Listen_ARealQueuedOrder_ForwardsSignedDeliveries_ShowsEach_AndDeletesTheSubscriptionOnCtrlC(CancellationToken cancellationToken)
    {
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken, "--async");
        await using var app = await WebhookReceiver.StartAsync(secret: null);
        using var listen = ToolProcess.Start(["listen", "--forward-to", app.Url.ToString()], sandbox.Environment);
        var secretLine = await listen.WaitForLineAsync(l => l.StartsWith("UGIFTME_WEBHOOK_SECRET=", StringComparison.Ordinal), cancellationToken);
        app.Secret = secretLine["UGIFTME_WEBHOOK_SECRET=".Length..];
        await listen.WaitForLineAsync(l => l.StartsWith("Listening for deliveries", StringComparison.Ordinal), cancellationToken);

        using var created = await sandbox.Http.PostAsync(
            "orders",
            new StringContent("""{"productCode":"JL_UK_STD","merchant":"John Lewis","currency":"GBP","valuePurchased":25}""", Encoding.UTF8, "application/json"),
            cancellationToken);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await app.WaitForAsync(received => OrderEvents.All(e => received.Any(d => d.Event == e)), cancellationToken);
        foreach (var eventName in OrderEvents)
        {
            await listen.WaitForLineAsync(l => l.Contains($"  {eventName} ", StringComparison.Ordinal) && l.Contains(" 200  attempt 1", StringComparison.Ordinal), cancellationToken);
        }

        Assert.That(app.Deliveries.Select(d => d.SignatureValid), Is.All.True, "signed with the secret listen printed");
        Assert.That(app.Deliveries.Select(d => d.Event), Is.SupersetOf(OrderEvents));
        Assert.That(listen.Output.Count(l => l.Contains(app.Secret, StringComparison.Ordinal)), Is.EqualTo(1), "the secret is printed once");

        await listen.PressCtrlCAsync(cancellationToken);
        Assert.That(await listen.WaitForExitAsync(cancellationToken), Is.Zero, listen.Transcript);
        Assert.That(listen.Output, Has.Some.Matches<string>(l => l.StartsWith("Deleted webhook ", StringComparison.Ordinal)), listen.Transcript);
        var subscriptions = await sandbox.Http.GetFromJsonAsync<JsonArray>("webhooks", cancellationToken);
        Assert.That(subscriptions, Is.Empty, "listen removed its subscription");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Listen_ToAnUnreachableEndpoint_ShowsTheFailedAttempt_AndTheScheduledRetry(CancellationToken cancellationToken)
    {
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken);
        using var listen = ToolProcess.Start(["listen", "--forward-to", "http://127.0.0.1:9/webhooks", "--events", "wallet.updated"], sandbox.Environment);
        await listen.WaitForLineAsync(l => l.StartsWith("Listening for deliveries", StringComparison.Ordinal), cancellationToken);

        using var created = await sandbox.Http.PostAsync(
            "orders",
            new StringContent("""{"productCode":"AMAZON_UK_STD","merchant":"Amazon UK","currency":"GBP","valuePurchased":10}""", Encoding.UTF8, "application/json"),
            cancellationToken);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var line = await listen.WaitForLineAsync(l => l.Contains("  wallet.updated ", StringComparison.Ordinal), cancellationToken);
        Assert.That(line, Does.Contain("failed (").And.Contain("attempt 1, retry at "), listen.Transcript);
    }
}
