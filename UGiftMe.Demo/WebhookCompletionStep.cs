using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UGiftMe.AspNetCore;
using UGiftMe.Models;
using UGiftMe.Sandbox;

namespace UGiftMe.Demo;

/// <summary>
/// The demo's last step (issue 14): one application that is both the UGiftMe client and the webhook receiver, set up
/// as the README's "Completed by their webhook" says. The local sandbox signs and delivers <c>order.succeeded</c> to it
/// on 127.0.0.1, and the waiting order returns at once instead of at its next poll. Runs only against the local
/// sandbox (UGiftMe cannot reach 127.0.0.1); prints how many polls the wait needed. Failures are thrown, for
/// <see cref="DemoRunner"/> to report like any other step's.
/// </summary>
internal static class WebhookCompletionStep
{
    private const string WebhookPath = "/webhooks/ugiftme";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(TextWriter output, SandboxServer sandbox, int stepNumber, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"{stepNumber}. Let the webhook end the wait (AddUGiftMe + AddUGiftMeWebhooks in one application)");
        var webhookArrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddUGiftMe(options =>
        {
            options.ApiKey = sandbox.ApiKey;
            options.BaseAddress = sandbox.BaseAddress;
            // A new application polls by the normal policy until 50 orders in a row were completed by their webhook;
            // the demo has one order, so it trusts its webhooks from the start.
            options.OrderPolling.WebhooksConfirmedBeforeSafetyInterval = 0;
        });
        // The secret comes from the subscription, which needs the receiver's URL: it is added once known.
        builder.Services.AddUGiftMeWebhooks(options => options.RequireSecretAtStartup = false);
        await using var app = builder.Build();
        app.MapUGiftMeWebhooks(WebhookPath, (WebhookEvent received, CancellationToken _) =>
        {
            if (received is WebhookEvent<OrderSucceededEvent> or WebhookEvent<OrderFailedEvent>)
            {
                webhookArrived.TrySetResult(Stopwatch.GetTimestamp());
            }

            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken);
        var url = new Uri($"http://127.0.0.1:{new Uri(app.Urls.Single()).Port}{WebhookPath}");

        // The subscription's secret is returned once, when it is created: the running receiver accepts it from then on.
        using var setup = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = sandbox.ApiKey, BaseAddress = sandbox.BaseAddress });
        var subscription = (await setup.Webhooks.CreateAsync(url, [WebhookEventNames.OrderSucceeded, WebhookEventNames.OrderFailed],
            "UGiftMe .NET SDK demo: webhook-accelerated completion", cancellationToken)).Value;
        try
        {
            app.Services.GetRequiredService<UGiftMeWebhookSecrets>().Add(subscription.Secret!);
            output.WriteLine($"   Receiver on {url}, subscribed to order.succeeded and order.failed; the client comes from the same container");

            var client = app.Services.GetRequiredService<UGiftMeClient>();
            var request = new CreateOrderRequest
            {
                ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 25, RecipientEmail = "alex@example.com",
            };
            var started = Stopwatch.GetTimestamp();
            var operation = await client.Orders.StartAsync(request, cancellationToken: cancellationToken);
            BusinessOrder order;
            try
            {
                order = await operation.WaitForCompletionAsync(cancellationToken).WaitAsync(Guard, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new DemoFailedException($"the webhook-accelerated order {operation.OrderRequestId} did not complete within {Guard.TotalSeconds:0} s");
            }

            var ended = Stopwatch.GetTimestamp();
            var afterWebhook = webhookArrived.Task.IsCompleted ? Stopwatch.GetElapsedTime(await webhookArrived.Task, ended) : (TimeSpan?)null;
            output.WriteLine($"   Order request {operation.OrderRequestId}: order {order.Id} {order.Status} after {Stopwatch.GetElapsedTime(started, ended).TotalSeconds:0.0} s");
            output.WriteLine(afterWebhook is { } lag
                ? $"   The wait ended {lag.TotalMilliseconds:0} ms after the verified order.succeeded arrived, with {operation.PollCount} status polls"
                : $"   No webhook arrived first: the wait ended by polling, with {operation.PollCount} status polls");
            output.WriteLine("   (without webhooks the default policy polls after 1 s and then every 2 s: 2 or 3 polls for this 3 s job, up to 2 s late)");
            await app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await setup.Webhooks.DeleteAsync(subscription.Id!, CancellationToken.None);
        }
    }
}
