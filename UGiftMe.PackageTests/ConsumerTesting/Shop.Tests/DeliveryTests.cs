using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shop;
using UGiftMe;
using UGiftMe.Sandbox;
using UGiftMe.Testing;

namespace Shop.Tests;

// The whole path: the app orders a card for a reference, UGiftMe (the in-process sandbox) queues and completes it on a
// fake clock, delivers the signed order.succeeded into the app's endpoint, and the app marks its record delivered.
public sealed class DeliveryTests
{
    // <delivery-test>
    [Fact]
    public async Task OrderedCard_WhenUGiftMeReportsSuccess_IsMarkedDelivered()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await UGiftMeSandbox.StartAsync(new SandboxOptions { OrdersAsync = true, TimeProvider = time });
        await using var app = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddUGiftMeSandbox(sandbox)));
        using var http = app.CreateClient();

        var ordered = await http.PostAsync("/gift-cards/PO-1001", null);
        time.Advance(TimeSpan.FromSeconds(2)); // queued -> processing -> succeeded, on the sandbox's clock
        var delivery = await sandbox.Webhooks.WaitForDeliveryAsync(WebhookEventNames.OrderSucceeded);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, ordered.StatusCode);
        Assert.True(delivery.Succeeded);
        Assert.Equal("delivered", app.Services.GetRequiredService<GiftCards>().StatusOf("PO-1001"));
        Assert.Single(sandbox.Orders.WithReference("PO-1001"));
    }
    // </delivery-test>
}
