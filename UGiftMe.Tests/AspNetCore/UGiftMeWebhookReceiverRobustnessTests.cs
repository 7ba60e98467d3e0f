using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using UGiftMe.AspNetCore;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;
using UGiftMe.Models;

namespace UGiftMe.Tests.AspNetCore;

/// <summary>The receiver against header games, hung handlers, broken transfers, run-time secrets and minimal-API handlers, over real HTTP.</summary>
public sealed class UGiftMeWebhookReceiverRobustnessTests
{
    private const string Secret = "a1b2c3d4e5f678901234567890abcdef1234567890abcdef1234567890abcd";
    private const string CreatedLater = "0011223344556677889900112233445566778899001122334455667788990011";

    private static readonly WebhookSigner Signer = new(Secret);

    private static SignedWebhookDelivery Fixture(string eventName, string? header = null, WebhookSigner? signer = null) =>
        (signer ?? Signer).CreateDelivery(header ?? eventName, Encoding.UTF8.GetBytes(DocumentedFixture.Load($"webhooks/{eventName}.json").BodyText));

    [Test]
    public async Task Post_OneSignedBodyUnderThreeHeaderSpellings_DispatchesOnce()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));

        var statuses = new List<HttpStatusCode>();
        foreach (var header in new[] { "order.succeeded", "ORDER.SUCCEEDED", "Order.Succeeded" })
        {
            using var response = await host.PostAsync(Fixture(WebhookEventNames.OrderSucceeded, header));
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Dispatched, Has.Count.EqualTo(1));
        Assert.That(host.Dispatched.Single().EventName, Is.EqualTo(WebhookEventNames.OrderSucceeded));
    }

    [Test]
    public async Task Post_OrderBodyUnderWalletHeader_Answers400WithoutDispatch()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));

        using var response = await host.PostAsync(Fixture(WebhookEventNames.OrderSucceeded, WebhookEventNames.WalletUpdated));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(nameof(WebhookVerificationFailure.EventNameMismatch)));
        Assert.That(host.Dispatched, Is.Empty);
    }

    [Test]
    public async Task Post_HandlerHangsIgnoringCancellation_RetriesGet409WhileItRunsSoTheDeliveryNeverRunsTwiceAtOnce()
    {
        var time = new TestClock();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        await using var host = await WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            async (_, _) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    entered.SetResult();
                    await hung.Task; // CancellationToken.None: never gives up on its own
                }
            },
            b => b.Services.AddSingleton<TimeProvider>(time));
        var delivery = Fixture(WebhookEventNames.OrderSucceeded);

        var first = host.PostAsync(delivery);
        await entered.Task;
        using var early = await host.PostAsync(delivery);
        Assert.That(time.NextDue(), Is.Not.Null, "while the handler runs, a renewal of its claim is scheduled");
        while (time.GetUtcNow() - time.Start < 3 * InMemoryWebhookDeduplicationStore.DefaultClaimTimeout)
        {
            await time.AdvanceToNextTimerAsync(); // the claim's renewals, every third of the timeout
        }

        await time.WaitForPendingTimerAsync(); // the last renewal is done: the next one is scheduled
        using var retry = await host.PostAsync(delivery);
        hung.SetResult();
        using var firstAnswer = await first;
        using var afterwards = await host.PostAsync(delivery);

        Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "three claim timeouts later the hung handler still holds its delivery");
        Assert.That(firstAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(afterwards.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(calls, Is.EqualTo(1), "the handler ran once");
        Assert.That(host.Logs.GetSnapshot().Count(r => r.Message.Contains("has run longer than the claim timeout", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Post_BodyTooSlow408_IsAnsweredAndLoggedAsInformationNotAnError()
    {
        await using var host = await WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            configureApp: app => app.Use((context, next) =>
            {
                // What Kestrel throws from Body.ReadAsync when MinRequestBodyDataRate is not met.
                context.Request.Body = new ThrowingStream(new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", 408));
                return next(context);
            }));

        using var response = await host.PostAsync(Fixture(WebhookEventNames.OrderSucceeded));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestTimeout));
        Assert.That(host.Dispatched, Is.Empty);
        var records = host.Logs.GetSnapshot();
        Assert.That(records.Any(r => r.Level == LogLevel.Information && r.Message.Contains("could not be read (408)", StringComparison.Ordinal)), Is.True);
        Assert.That(records.Where(r => r.Level >= LogLevel.Error), Is.Empty);
    }

    [Test]
    public async Task Post_WithoutSignatureHeader_Answers401MissingSignatureWithoutReadingTheBody()
    {
        var body = new ReadCountingStream();
        await using var host = await WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            configureApp: app => app.Use((context, next) =>
            {
                context.Request.Body = body;
                return next(context);
            }));
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        content.Headers.Add("X-Webhook-Event", "order.succeeded");

        using var response = await host.Client.PostAsync(host.Endpoint, content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(nameof(WebhookVerificationFailure.MissingSignature)));
        Assert.That(body.Reads, Is.Zero, "refused on its headers, before any of the body was read");
        Assert.That(host.Dispatched, Is.Empty);
    }

    [Test]
    public async Task Post_SenderAbortsMidBody_IsLoggedBelowErrorAndNeverDispatched()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            customize: b => b.Services.Configure<FakeLogCollectorOptions>(o => o.OutputSink = line =>
            {
                if (line.Contains("Request starting", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }

                // Kestrel reports the cut as a reset or, when the close overtakes it, as an early end of the body.
                if (line.Contains("aborted by the sender", StringComparison.Ordinal)
                    || line.Contains("could not be read (400)", StringComparison.Ordinal))
                {
                    aborted.TrySetResult();
                }
            }));

        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(IPAddress.Loopback, host.Endpoint.Port);
            var stream = socket.GetStream();
            var head = $"POST {WebhookReceiverHost.Path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Webhook-Event: order.succeeded\r\nX-Webhook-Signature: " + new string('0', 64) + "\r\nContent-Length: 1000\r\n\r\n{\"orderRe";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.FlushAsync();
            // A reset that overtakes the head would spare the receiver the request altogether.
            await started.Task;
            socket.Client.LingerState = new LingerOption(true, 0); // close with a reset, mid-body
        }

        await aborted.Task;
        var records = host.Logs.GetSnapshot();
        Assert.That(records.Where(r => r.Level >= LogLevel.Error), Is.Empty, string.Join("\n", records.Select(r => r.Message)));
        Assert.That(host.Dispatched, Is.Empty);
    }

    [Test]
    public async Task Post_SecretAddedAtRunTime_TakesEffectForTheNextDeliveryWithoutRestart()
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.RequireSecretAtStartup = false);
        var delivery = Fixture(WebhookEventNames.OrderSucceeded, signer: new WebhookSigner(CreatedLater));

        using var before = await host.PostAsync(delivery);
        var secrets = host.Services.GetRequiredService<UGiftMeWebhookSecrets>();
        secrets.Add(CreatedLater); // what the app does right after WebhooksClient.CreateAsync returned the secret
        using var after = await host.PostAsync(delivery);
        secrets.Remove(CreatedLater);
        using var removed = await host.PostAsync(Fixture(WebhookEventNames.OrderQueued, signer: new WebhookSigner(CreatedLater)));

        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(host.Dispatched, Has.Count.EqualTo(1));
        Assert.That(secrets.ToString(), Does.Not.Contain(CreatedLater));
    }

    [Test]
    public void UGiftMeWebhookSecrets_BlankOrPaddedSecret_IsRefusedWithoutEchoingIt()
    {
        var secrets = new UGiftMeWebhookSecrets();

        var padded = Assert.Throws<ArgumentException>(() => secrets.Add(" " + CreatedLater));

        Assert.That(padded!.Message, Does.Not.Contain(CreatedLater));
        Assert.That(() => secrets.Add(""), Throws.ArgumentException);
        Assert.That(secrets.Count, Is.Zero);
    }

    [Test]
    public async Task MapUGiftMeWebhooks_MinimalApiHandler_ResolvesServicesAndSeesOnlyItsEventType()
    {
        var fulfilment = new RecordingFulfilment();
        await using var host = await WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            customize: b => b.Services.AddSingleton<IFulfilment>(fulfilment).AddScoped<ScopedCounter>(),
            configureApp: app => app.MapUGiftMeWebhooks("/webhooks/typed",
                (WebhookEvent<OrderSucceededEvent> evt, IFulfilment shop, ScopedCounter scope, CancellationToken ct) =>
                    shop.ShipAsync(evt.Payload.OrderRequestId + "@" + scope.Id, ct)));
        using var client = new HttpClient();

        using var succeeded = await client.SendAsync(Fixture(WebhookEventNames.OrderSucceeded).ToHttpRequestMessage(new Uri(host.Endpoint, "/webhooks/typed")));
        using var failed = await client.SendAsync(Fixture(WebhookEventNames.OrderFailed).ToHttpRequestMessage(new Uri(host.Endpoint, "/webhooks/typed")));

        Assert.That(succeeded.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "other events are verified and acknowledged");
        Assert.That(fulfilment.Shipped, Has.Count.EqualTo(1));
        Assert.That(fulfilment.Shipped.Single(), Does.StartWith("65e4f5b6c7d8e90123456789@"));
    }

    [Test]
    public void MapUGiftMeWebhooks_HandlerNeedingAnUnregisteredService_FailsWhenMappedNamingTheParameter()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddUGiftMeWebhooks(o => o.Secrets.Add(Secret));
        var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() =>
            app.MapUGiftMeWebhooks("/webhooks", (WebhookEvent evt, IFulfilment missing) => Task.CompletedTask));
        var badReturn = Assert.Throws<InvalidOperationException>(() =>
            app.MapUGiftMeWebhooks("/webhooks2", (WebhookEvent evt) => 42));

        Assert.That(exception!.Message, Does.Contain("'missing' of type IFulfilment"));
        Assert.That(badReturn!.Message, Does.Contain("returns Int32"));
    }

    public interface IFulfilment
    {
        Task ShipAsync(string orderRequestId, CancellationToken cancellationToken);
    }

    private sealed class RecordingFulfilment : IFulfilment
    {
        public ConcurrentQueue<string> Shipped { get; } = new();

        public Task ShipAsync(string orderRequestId, CancellationToken cancellationToken)
        {
            Shipped.Enqueue(orderRequestId);
            return Task.CompletedTask;
        }
    }

    private sealed class ScopedCounter
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    /// <summary>A request body that counts the reads made of it and is empty.</summary>
    private sealed class ReadCountingStream : Stream
    {
        private int _reads;

        public int Reads => _reads;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => 0;

        public override long Position { get => 0; set { } }

        public override int Read(byte[] buffer, int offset, int count) => Counted();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted());

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted()
        {
            Interlocked.Increment(ref _reads);
            return 0;
        }
    }

    private sealed class ThrowingStream(Exception failure) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => 0;

        public override long Position { get => 0; set { } }

        public override int Read(byte[] buffer, int offset, int count) => throw failure;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw failure;

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
