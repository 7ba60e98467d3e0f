using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using UGiftMe.Sandbox.Auth;
using UGiftMe.Sandbox.Json;

namespace UGiftMe.Sandbox.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter with a fixed window per API key on the sandbox clock (<see cref="FixedWindowLimiter"/>),
/// plus the "standard" headers the docs promise: <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>,
/// <c>RateLimit-Reset</c> and, on 429, <c>Retry-After</c>.
/// </summary>
internal static class RateLimitSetup
{
    public static void AddSandboxRateLimiting(this IServiceCollection services, SandboxRateLimitOptions options, TimeProvider time)
    {
        if (!options.Enabled)
        {
            return;
        }

        services.AddRateLimiter(_ => { });
        var windows = new RateLimitWindows(options, time);
        services.AddSingleton(windows);
        services.AddSingleton(_ => PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.Request.Path.StartsWithSegments(ApiKeyMiddleware.BusinessPrefix, StringComparison.OrdinalIgnoreCase)
                ? RateLimitPartition.Get(PartitionKey(context), windows.For)
                : RateLimitPartition.GetNoLimiter(string.Empty)));
        services.AddOptions<RateLimiterOptions>()
            .Configure<PartitionedRateLimiter<HttpContext>, RateLimitWindows>((limiter, global, windows) =>
            {
                limiter.GlobalLimiter = global;
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.OnRejected = (rejected, cancellationToken) =>
                {
                    var context = rejected.HttpContext;
                    var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                        ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                        : windows.SecondsToReset(PartitionKey(context));
                    var text = Math.Max(seconds, 1).ToString(CultureInfo.InvariantCulture);
                    context.Response.Headers.RetryAfter = text;
                    context.Response.Headers["RateLimit-Limit"] =
                        options.PermitLimit.ToString(CultureInfo.InvariantCulture);
                    context.Response.Headers["RateLimit-Remaining"] = "0";
                    context.Response.Headers["RateLimit-Reset"] = text;
                    return new ValueTask(SandboxJson.WriteErrorAsync(
                        context,
                        StatusCodes.Status429TooManyRequests,
                        "Too many requests, please try again later."));
                };
            });
    }

    public static void UseSandboxRateLimiting(this WebApplication app, SandboxRateLimitOptions options)
    {
        if (!options.Enabled)
        {
            return;
        }

        app.UseMiddleware<RateLimitHeadersMiddleware>(options);
        app.UseRateLimiter();
    }

    public static string PartitionKey(HttpContext context) =>
        context.Request.Headers["X-API-Key"].ToString() is { Length: > 0 } key
            ? "key:" + key
            : "ip:" + context.Connection.RemoteIpAddress;
}
