using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Json;

namespace UGiftMe.Sandbox.Webhooks;

/// <summary>
/// <c>GET /sandbox/v1/webhooks/{id}/deliveries</c>: a sandbox-only live feed of one subscription's delivery attempts
/// (newline-delimited JSON, one object per attempt as it finishes), so <c>ugiftme listen</c> can show each delivery's
/// outcome. It is not part of the Business API, so it sits outside <c>/api/v1/business</c>: faults and rate limits do
/// not apply. It takes the same <c>X-API-Key</c>, and ends when the client disconnects or the sandbox stops.
/// </summary>
internal static class WebhookDeliveryFeed
{
    public const string Route = "/sandbox/v1/webhooks/{id}/deliveries";

    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet(Route, StreamAsync);

    private static async Task StreamAsync(HttpContext context, string id)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var presented = context.Request.Headers["X-API-Key"].ToString().Trim();
        if (!sandbox.ApiKeys.Any(k => !k.Revoked && string.Equals(k.Key, presented, StringComparison.Ordinal)))
        {
            await SandboxJson.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Invalid API key")
                .ConfigureAwait(false);
            return;
        }

        int cursor;
        bool known;
        lock (sandbox.Store.Gate)
        {
            known = sandbox.Store.Webhooks.Exists(w => w.Id == id);
            cursor = sandbox.Store.Deliveries.Count;
        }

        if (!known)
        {
            await SandboxJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, "Webhook not found")
                .ConfigureAwait(false);
            return;
        }

        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-ndjson";
        await context.Response.StartAsync(end.Token).ConfigureAwait(false);
        // Send the headers now, so the listener knows the feed is open before the first delivery.
        await context.Response.Body.FlushAsync(end.Token).ConfigureAwait(false);
        try
        {
            while (!end.IsCancellationRequested)
            {
                var seen = cursor;
                await sandbox.Store.WaitForDeliveriesAsync(all => all.Count > seen, end.Token).ConfigureAwait(false);
                SandboxWebhookDelivery[] fresh;
                lock (sandbox.Store.Gate)
                {
                    fresh = [.. sandbox.Store.Deliveries.Skip(cursor).Where(d => d.SubscriptionId == id)];
                    cursor = sandbox.Store.Deliveries.Count;
                }

                foreach (var delivery in fresh)
                {
                    var line = SandboxJson.Serialize(new FeedEntry(
                        delivery.Event, delivery.Attempt, delivery.IsTest, delivery.Succeeded, delivery.StatusCode,
                        delivery.Error, delivery.AttemptedAt, delivery.NextAttemptAt));
                    await context.Response.Body.WriteAsync(line, end.Token).ConfigureAwait(false);
                    await context.Response.Body.WriteAsync("\n"u8.ToArray(), end.Token).ConfigureAwait(false);
                }

                await context.Response.Body.FlushAsync(end.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // The listener went away or the sandbox is stopping: the feed simply ends.
        }
    }

    private sealed record FeedEntry(
        string Event,
        int Attempt,
        bool IsTest,
        bool Succeeded,
        int? StatusCode,
        string? Error,
        DateTimeOffset AttemptedAt,
        DateTimeOffset? NextAttemptAt);
}
