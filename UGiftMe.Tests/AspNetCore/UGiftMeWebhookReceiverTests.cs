using UGiftMe.AspNetCore;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;
using UGiftMe.Models;

namespace UGiftMe.Tests.AspNetCore;

/// <summary>The receiver on a real Kestrel server, driven by real HTTP POSTs as UGiftMe would send them.</summary>
public sealed class UGiftMeWebhookReceiverTests
{
    private const string Secret = "a1b2c3d4e5f678901234567890abcdef1234567890abcdef1234567890abcd";
    private const string NewSecret = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    private static readonly WebhookSigner Signer = new(Secret);

    private static SignedWebhookDelivery Fixture(string eventName, WebhookSigner? signer = null, bool isTest = false) =>
        (signer ?? Signer).CreateDelivery(
            eventName, Encoding.UTF8.GetBytes(DocumentedFixture.Load($"webhooks/{eventName}.json").BodyText), isTest);

    [Test]
    public async Task Post_ValidDelivery_DispatchesTypedEventOnceAndAnswers200()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));

        using var response = await host.PostAsync(Fixture(WebhookEventNames.OrderSucceeded));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Dispatched, Has.Count.EqualTo(1));
        var evt = host.Dispatched.Single();
        Assert.That(evt, Is.InstanceOf<WebhookEvent<OrderSucceededEvent>>());
        Assert.That(((WebhookEvent<OrderSucceededEvent>)evt).Payload.OrderRequestId, Is.EqualTo("65e4f5b6c7d8e90123456789"));
        Assert.That(evt.IsTest, Is.False);
    }

    [Test]
    public async Task Post_TestDelivery_DispatchesWithIsTest()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));

        using var response = await host.PostAsync(Fixture(WebhookEventNames.WebhookTest, isTest: true));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Dispatched.Single(), Is.InstanceOf<WebhookEvent<WebhookTestEvent>>().And.Property("IsTest").True);
    }

    [Test]
    public async Task Post_SameDeliveryTwice_DispatchesOnceAndAcknowledgesBoth()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));
        var delivery = Fixture(WebhookEventNames.WalletUpdated);

        using var first = await host.PostAsync(delivery);
        using var retry = await host.PostAsync(delivery);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Dispatched, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Post_SameDeliveryAfterRetention_DispatchesAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            customize: b => b.Services.AddSingleton<TimeProvider>(time));
        var delivery = Fixture(WebhookEventNames.OrderQueued);

        using var first = await host.PostAsync(delivery);
        time.Advance(TimeSpan.FromHours(5.5));
        using var retryWithinWindow = await host.PostAsync(delivery);
        time.Advance(TimeSpan.FromHours(19));
        using var afterRetention = await host.PostAsync(delivery);

        Assert.That(new[] { first.StatusCode, retryWithinWindow.StatusCode, afterRetention.StatusCode },
            Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Dispatched, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Post_DeduplicationDisabled_DispatchesEveryAttempt()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o =>
        {
            o.Secrets.Add(Secret);
            o.Deduplicate = false;
        });
        var delivery = Fixture(WebhookEventNames.OrderFailed);

        using var first = await host.PostAsync(delivery);
        using var second = await host.PostAsync(delivery);

        Assert.That(host.Dispatched, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Post_BadSignature_Answers401WithoutDispatch()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));

        using var response = await host.PostAsync(Fixture(WebhookEventNames.OrderSucceeded, new WebhookSigner("wrong")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("SignatureMismatch"));
        Assert.That(host.Dispatched, Is.Empty);
    }

    [Test]
    public async Task Post_MissingSignature_Answers401WithoutDispatch()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        content.Headers.Add("X-Webhook-Event", "order.succeeded");

        using var response = await host.Client.PostAsync(host.Endpoint, content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(host.Dispatched, Is.Empty);
    }

    [Test]
    public async Task Post_SignedWithSecondSecretDuringRotation_IsDispatched()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o =>
        {
            o.Secrets.Add(Secret);
            o.Secrets.Add(NewSecret);
        });

        using var response = await host.PostAsync(Fixture(WebhookEventNames.OrderQueued, new WebhookSigner(NewSecret)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Dispatched, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Post_MalformedJsonWithValidSignature_Answers400WithoutDispatch()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));
        var delivery = Signer.CreateDelivery(WebhookEventNames.OrderSucceeded, Encoding.UTF8.GetBytes("{\"orderRequestId\":"));

        using var response = await host.PostAsync(delivery);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("InvalidPayload"));
        Assert.That(host.Dispatched, Is.Empty);
    }

    [Test]
    public async Task Post_UnknownEvent_IsDispatchedRaw()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));

        using var response = await host.PostAsync(
            Signer.CreateDelivery(WebhookEventNames.PaymentFailed, JObject.Parse("{\"paymentId\":\"p1\"}")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Dispatched.Single(), Is.InstanceOf<WebhookEvent<JToken>>());
    }

    [Test]
    public async Task Post_OneMegabyteBodyOverSmallerLimit_Answers413WithoutDispatch()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o =>
        {
            o.Secrets.Add(Secret);
            o.MaxBodySize = 64 * 1024;
        });

        using var response = await host.PostAsync(LargeProductDelivery(1_000_000));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(host.Dispatched, Is.Empty);
    }

    [Test]
    public async Task Post_ChunkedBodyOverLimit_Answers413WithoutDispatch()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o =>
        {
            o.Secrets.Add(Secret);
            o.MaxBodySize = 64 * 1024;
        });
        var delivery = LargeProductDelivery(200_000);
        using var request = delivery.ToHttpRequestMessage(host.Endpoint);
        request.Content = new StreamContent(new MemoryStream(delivery.Body.ToArray()));
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(host.Dispatched, Is.Empty);
    }

    [Test]
    public async Task Post_OneMegabyteBodyUnderLargerLimit_IsDispatchedIntact()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o =>
        {
            o.Secrets.Add(Secret);
            o.MaxBodySize = 2 * 1024 * 1024;
        });
        var delivery = LargeProductDelivery(1_000_000);

        using var response = await host.PostAsync(delivery);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var evt = (WebhookEvent<ProductUpdatedEvent>)host.Dispatched.Single();
        Assert.That(evt.RawBody, Is.EqualTo(delivery.BodyText));
        Assert.That(evt.Payload.ProductCode, Is.EqualTo("BIG-1"));
    }

    [Test]
    public async Task Post_BodyExactlyAtLimit_IsAccepted()
    {
        var delivery = LargeProductDelivery(10_000);
        await using var host = await WebhookReceiverHost.StartAsync(o =>
        {
            o.Secrets.Add(Secret);
            o.MaxBodySize = delivery.Body.Length;
        });

        using var response = await host.PostAsync(delivery);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Post_HandlerThrows_Answers500ThenRetryIsDispatchedAgain()
    {
        var attempts = 0;
        await using var host = await WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            (_, _) => Interlocked.Increment(ref attempts) == 1
                ? throw new InvalidOperationException("database unavailable")
                : Task.CompletedTask);
        var delivery = Fixture(WebhookEventNames.OrderSucceeded);

        using var failed = await host.PostAsync(delivery);
        using var retried = await host.PostAsync(delivery);
        using var duplicate = await host.PostAsync(delivery);

        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Dispatched, Has.Count.EqualTo(2), "the failed attempt and its retry; not the duplicate");
        Assert.That(host.Logs.GetSnapshot().Any(r => r.Exception is InvalidOperationException), Is.True);
    }

    [Test]
    public async Task Post_RetryWhileFirstAttemptStillRunning_Answers409ThenDuplicateAfterwards()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            async (_, _) =>
            {
                entered.TrySetResult();
                await release.Task;
            });
        var delivery = Fixture(WebhookEventNames.OrderFailed);

        var firstTask = host.PostAsync(delivery);
        await entered.Task;
        using var concurrent = await host.PostAsync(delivery);
        release.SetResult();
        using var first = await firstTask;
        using var later = await host.PostAsync(delivery);

        Assert.That(concurrent.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Dispatched, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Post_AnyOutcome_NeverLogsSecretSignatureOrBody()
    {
        await using var host = await WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            (evt, _) => evt is WebhookEvent<OrderFailedEvent> ? throw new InvalidOperationException("boom") : Task.CompletedTask);
        var good = Fixture(WebhookEventNames.OrderSucceeded);
        var failing = Fixture(WebhookEventNames.OrderFailed);
        var forged = Fixture(WebhookEventNames.OrderQueued, new WebhookSigner("attacker"));

        foreach (var delivery in new[] { good, good, failing, forged })
        {
            using var _ = await host.PostAsync(delivery);
        }

        var logged = string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message + r.Exception));
        Assert.That(logged, Does.Contain("SignatureMismatch").And.Contain("order.failed"), "the outcomes were logged");
        foreach (var forbidden in new[] { Secret, good.Signature, forged.Signature, "65e4f5b6c7d8e90123456789" })
        {
            Assert.That(logged, Does.Not.Contain(forbidden));
        }
    }

    [Test]
    public async Task MapUGiftMeWebhooks_HandlerWithServices_ResolvesScopedServicesPerRequest()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddUGiftMeWebhooks(o => o.Secrets.Add(Secret));
        builder.Services.AddScoped<RequestScopeMarker>();
        await using var app = builder.Build();
        var seen = new System.Collections.Concurrent.ConcurrentBag<RequestScopeMarker>();
        app.MapUGiftMeWebhooks("/hooks", (WebhookEvent _, IServiceProvider services, CancellationToken _) =>
        {
            seen.Add(services.GetRequiredService<RequestScopeMarker>());
            return Task.CompletedTask;
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        foreach (var eventName in new[] { WebhookEventNames.OrderQueued, WebhookEventNames.OrderFailed })
        {
            using var request = Fixture(eventName).ToHttpRequestMessage(new Uri(client.BaseAddress, "/hooks"));
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await app.StopAsync();
        Assert.That(seen.Distinct().Count(), Is.EqualTo(2), "one scoped instance per request");
    }

    [Test]
    public async Task AddUGiftMeWebhooks_FromConfiguration_BindsSecretsForRotation()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UGiftMe:Webhooks:Secrets:0"] = Secret,
            ["UGiftMe:Webhooks:Secrets:1"] = NewSecret,
            ["UGiftMe:Webhooks:MaxBodySize"] = "4096",
        });

        builder.Services.AddUGiftMeWebhooks(builder.Configuration.GetSection("UGiftMe:Webhooks"));
        await using var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<UGiftMeWebhookOptions>>().Value;

        Assert.That(options.Secrets, Is.EqualTo(new[] { Secret, NewSecret }));
        Assert.That(options.MaxBodySize, Is.EqualTo(4096));
        Assert.That(options.ToString(), Does.Contain("Secrets = <2 set>").And.Not.Contain(Secret));
    }

    [Test]
    public async Task StartAsync_NoSecretConfigured_FailsValidationAtStartUp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddUGiftMeWebhooks(o => o.MaxBodySize = 0);
        await using var app = builder.Build();

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.That(ex!.Failures, Has.Some.Contains("at least one secret").And.Some.Contains("MaxBodySize"));
        Assert.That(ex.Failures, Has.Some.Contains("UGiftMe__Webhooks__Secrets__0"), "says where a secret goes");
    }

    [Test]
    public async Task StartAsync_PaddedSecretOrShortRetention_FailsWithoutEchoingSecret()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddUGiftMeWebhooks(o =>
        {
            o.Secrets.Add(Secret + "\n");
            o.DeduplicationRetention = TimeSpan.FromHours(1);
        });
        await using var app = builder.Build();

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.That(ex!.Message, Does.Contain("Secrets[0]").And.Contain("DeduplicationRetention").And.Not.Contain(Secret));
    }

    [Test]
    public async Task MapUGiftMeWebhooks_WithoutAddUGiftMeWebhooks_ThrowsWithGuidance()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        var ex = Assert.Throws<InvalidOperationException>(
            () => app.MapUGiftMeWebhooks("/hooks", (WebhookEvent _, CancellationToken _) => Task.CompletedTask));

        Assert.That(ex!.Message, Does.Contain("AddUGiftMeWebhooks"));
    }

    private sealed class RequestScopeMarker;

    private static SignedWebhookDelivery LargeProductDelivery(int approximateSize)
    {
        var payload = new JObject
        {
            ["productCode"] = "BIG-1",
            ["description"] = new string('x', Math.Max(0, approximateSize - 50)),
        };
        return Signer.CreateDelivery(WebhookEventNames.ProductUpdated, payload);
    }
}
