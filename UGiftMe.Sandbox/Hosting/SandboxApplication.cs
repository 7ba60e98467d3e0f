using UGiftMe.Sandbox.Auth;
using UGiftMe.Sandbox.Catalog;
using UGiftMe.Sandbox.Faults;
using UGiftMe.Sandbox.Http;
using UGiftMe.Sandbox.Json;
using UGiftMe.Sandbox.Orders;
using UGiftMe.Sandbox.RateLimiting;
using UGiftMe.Sandbox.Wallet;
using UGiftMe.Sandbox.Webhooks;

namespace UGiftMe.Sandbox.Hosting;

/// <summary>The one place the pipeline is put together, for the standalone program and in-process hosts alike.</summary>
internal static class SandboxApplication
{
    public static WebApplication Build(WebApplicationBuilder builder, SandboxContext sandbox)
    {
        builder.Services.AddSingleton(sandbox);
        builder.Services.AddRouting();
        builder.Services.AddSandboxRateLimiting(sandbox.Options.RateLimit, sandbox.Time);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Take any header bytes, so a non-ASCII Idempotency-Key reaches the endpoint and gets the API's 400 JSON
            // instead of Kestrel's empty 400.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            // Just above the API's own limit, so an oversized body is neither read to its end nor drained after the answer.
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes + 16 * 1024;
        });
        var app = builder.Build();
        sandbox.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("UGiftMe.Sandbox");
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<ErrorMiddleware>();
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseSandboxRateLimiting(sandbox.Options.RateLimit);

        AuthEndpoints.Map(app);
        ProductEndpoints.Map(app);
        OrderEndpoints.Map(app);
        WalletEndpoints.Map(app);
        WebhookEndpoints.Map(app);
        WebhookDeliveryFeed.Map(app);
        app.MapFallback(context => SandboxJson.WriteErrorAsync(
            context,
            StatusCodes.Status404NotFound,
            "Not found",
            $"{context.Request.Method} {context.Request.Path} is not part of the Business API."));
        return app;
    }
}
