// A user's ASP.NET Core app, as ConsumerTestingTests builds it from the packed packages: it orders a gift card per
// purchase order (POST /gift-cards/{reference}) and marks the card delivered when UGiftMe's order.succeeded arrives.
using Shop;
using UGiftMe;
using UGiftMe.Models;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddUGiftMe(builder.Configuration.GetSection("UGiftMe"));
builder.Services.AddUGiftMeWebhooks(builder.Configuration.GetSection("UGiftMe:Webhooks"));
builder.Services.AddSingleton<GiftCards>();
var app = builder.Build();

// Safe to call again after any failure: the same reference (and attempt) is the same Idempotency-Key, never a second card.
app.MapPost("/gift-cards/{reference}", async (string reference, GiftCards cards, UGiftMeClient ugiftme, CancellationToken ct) =>
{
    var card = cards.Get(reference);
    try
    {
        var operation = await ugiftme.Orders.StartAsync(GiftCards.Order, new OrderCreateOptions { BusinessReference = reference, Attempt = card.Attempt }, ct);
        card.Ordered(operation.OrderRequestId, operation.HasValue ? operation.Value.Id : null);
        return Results.Json(card.Status, statusCode: StatusCodes.Status202Accepted);
    }
    catch (InsufficientFundsException)
    {
        card.NeedsFunds(); // no order exists for this attempt: the next call orders with the next one
        return Results.Json(card.Status, statusCode: StatusCodes.Status402PaymentRequired);
    }
    catch (UGiftMeException e) when (e is UGiftMeTransportException or ServerErrorException or RateLimitedException)
    {
        card.OutcomeUnknown(); // an order may exist: the next call resends the same attempt
        return Results.Json(card.Status, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
});
app.MapGet("/gift-cards/{reference}", (string reference, GiftCards cards) => Results.Json(cards.Get(reference).Status));
app.MapUGiftMeWebhooks("/webhooks/ugiftme", (WebhookEvent received, GiftCards cards) =>
{
    if (received is WebhookEvent<OrderSucceededEvent> succeeded)
    {
        cards.Delivered(succeeded.Payload.OrderRequestId);
    }
    else if (received is WebhookEvent<OrderFailedEvent> failed)
    {
        cards.Failed(failed.Payload.OrderRequestId);
    }

    return Task.CompletedTask;
});
app.Run();

/// <summary>The app's entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
