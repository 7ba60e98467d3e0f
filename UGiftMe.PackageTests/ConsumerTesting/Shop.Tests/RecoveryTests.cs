using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Shop;
using UGiftMe.Sandbox;
using UGiftMe.Testing;

namespace Shop.Tests;

// The app's recovery when ordering goes wrong: refused for funds, an answer lost after the order was made, a crash.
public sealed class RecoveryTests
{
    [Fact]
    public async Task RefusedForFunds_ThenToppedUp_OrdersOnceWithTheNextAttempt()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync();
        await using var app = ShopFor(sandbox);
        using var http = app.CreateClient();
        sandbox.Orders.ForReference("PO-2001").IsRefusedForInsufficientFunds(available: 10m);

        var refused = await http.PostAsync("/gift-cards/PO-2001", null);
        sandbox.Wallet.TopUp(100m);
        var ordered = await http.PostAsync("/gift-cards/PO-2001", null);

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, ordered.StatusCode);
        Assert.Equal("delivered", app.Services.GetRequiredService<GiftCards>().StatusOf("PO-2001"));
        var order = Assert.Single(sandbox.Orders.WithReference("PO-2001"));
        Assert.EndsWith(".a2", order.IdempotencyKey); // the second attempt's key: the refused one made nothing
        Assert.Equal(2, sandbox.Traffic.To("POST", "/orders").Count);
    }

    [Fact]
    public async Task AnswerLostAfterTheOrderWasMade_ResentWithTheSameKey_GetsTheSameOrder()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync();
        await using var app = ShopFor(sandbox, maxRetries: 0); // the SDK gives up at once: the app's own recovery runs
        using var http = app.CreateClient();
        sandbox.Orders.ForReference("PO-2002").LosesItsAnswer();

        var lost = await http.PostAsync("/gift-cards/PO-2002", null);
        var resent = await http.PostAsync("/gift-cards/PO-2002", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Single(sandbox.Orders.WithReference("PO-2002")); // made by the lost call, replayed to the resend
        Assert.Equal(new int?[] { null, 201 }, sandbox.Traffic.To("POST", "/orders").Select(r => r.StatusCode));
        Assert.Equal(1, sandbox.Server.State.IdempotencyRecords.Single().ReplayCount);
    }

    [Fact]
    public async Task CrashAfterOrdering_ResentByANewProcess_OrdersNoSecondCard()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync();
        await using (var beforeCrash = ShopFor(sandbox))
        {
            using var http = beforeCrash.CreateClient();
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/gift-cards/PO-2003", null)).StatusCode);
        }

        await using var afterRestart = ShopFor(sandbox); // its records are gone; the reference is all it has
        using var again = afterRestart.CreateClient();
        var resent = await again.PostAsync("/gift-cards/PO-2003", null);

        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Single(sandbox.Orders.WithReference("PO-2003"));
        Assert.Equal(2000m - 25m, sandbox.Wallet.Balance); // paid once
    }

    private static WebApplicationFactory<Program> ShopFor(UGiftMeSandbox sandbox, int? maxRetries = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            if (maxRetries is { } retries)
            {
                web.UseSetting("UGiftMe:Retry:MaxRetries", retries.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            web.ConfigureTestServices(services => services.AddUGiftMeSandbox(sandbox));
        });
}
