using System.Text.Json;
using System.Text.Json.Nodes;
using UGiftMe.Sandbox.Auth;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Http;
using UGiftMe.Sandbox.Json;
using UGiftMe.Sandbox.State;

namespace UGiftMe.Sandbox.Webhooks;

/// <summary><c>/webhooks</c>: subscription CRUD, test deliveries and the test sample.</summary>
internal static class WebhookEndpoints
{
    /// <summary>Events the create page accepts (it also lists <c>payment.*</c>).</summary>
    public static readonly IReadOnlyList<string> CreatableEvents =
    [
        "order.queued", "order.processing", "order.succeeded", "order.failed", "payment.succeeded", "payment.failed",
        "product.updated", "wallet.updated",
    ];

    /// <summary>Events the update page accepts (no <c>payment.*</c>).</summary>
    public static readonly IReadOnlyList<string> UpdatableEvents =
    [
        "order.queued", "order.processing", "order.succeeded", "order.failed", "product.updated", "wallet.updated",
    ];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapGroup(ApiKeyMiddleware.BusinessPrefix + "/webhooks");
        webhooks.MapPost(string.Empty, CreateAsync);
        webhooks.MapGet(string.Empty, List);
        webhooks.MapPost("/test", SendTestAsync);
        webhooks.MapGet("/test-sample", Sample);
        webhooks.MapPatch("/{id}", UpdateAsync);
        webhooks.MapDelete("/{id}", Delete);
    }

    private static async Task CreateAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var (body, problem) = await RequestBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await SandboxJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid request body", problem)
                .ConfigureAwait(false);
            return;
        }

        List<string> problems = [];
        var url = ReadUrl(body, sandbox.Options.Webhooks.RequireHttps, required: true, problems);
        var description = RequestBody.OptionalString(body, "description", problems);
        if (problems.Count > 0)
        {
            await Invalid(context, problems).ConfigureAwait(false);
            return;
        }

        if (!TryReadEvents(body, CreatableEvents, required: true, out var events, out problem))
        {
            await InvalidEvents(context, problem!, CreatableEvents).ConfigureAwait(false);
            return;
        }

        var subscription = Subscribe(sandbox, url!, events!, description);

        await SandboxJson.WriteAsync(
                context,
                StatusCodes.Status201Created,
                new CreatedWebhookBody(
                    subscription.Id, subscription.Url, events!, description, true, subscription.Secret))
            .ConfigureAwait(false);
    }

    /// <summary>Creates an active subscription, as <c>POST /webhooks</c> does after validating its input.</summary>
    public static WebhookSubscription Subscribe(SandboxContext sandbox, Uri url, List<string> events, string? description)
    {
        var now = sandbox.Time.GetUtcNow();
        var subscription = new WebhookSubscription
        {
            Id = sandbox.Ids.Next(),
            Url = url,
            Events = events,
            Description = description,
            Secret = WebhookSignature.NewSecret(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        lock (sandbox.Store.Gate)
        {
            sandbox.Store.Webhooks.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Deletes a subscription, as <c>DELETE /webhooks/{id}</c> does; false when there is none.</summary>
    public static bool Unsubscribe(SandboxContext sandbox, string id)
    {
        lock (sandbox.Store.Gate)
        {
            var subscription = sandbox.Store.Webhooks.Find(w => w.Id == id && !w.Deleted);
            if (subscription is null)
            {
                return false;
            }

            subscription.Deleted = true;
            sandbox.Store.Webhooks.Remove(subscription);
            return true;
        }
    }

    private static Task List(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        lock (sandbox.Store.Gate)
        {
            return SandboxJson.WriteAsync(
                context,
                StatusCodes.Status200OK,
                sandbox.Store.Webhooks.Where(w => !w.Deleted)
                    .Select(w => WebhookSubscriptionBody.From(w, sandbox.Options.Account.Id))
                    .ToList());
        }
    }

    private static async Task UpdateAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var subscription = Find(sandbox, context);
        if (subscription is null)
        {
            await NotFound(context).ConfigureAwait(false);
            return;
        }

        var (body, problem) = await RequestBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await SandboxJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid request body", problem)
                .ConfigureAwait(false);
            return;
        }

        string[] fields = ["url", "events", "description", "isActive"];
        if (!fields.Any(body.ContainsKey))
        {
            await SandboxJson.WriteErrorAsync(
                    context,
                    StatusCodes.Status400BadRequest,
                    "Validation failed",
                    "Provide at least one of url, events, description, isActive.")
                .ConfigureAwait(false);
            return;
        }

        List<string> problems = [];
        var url = ReadUrl(body, sandbox.Options.Webhooks.RequireHttps, required: false, problems);
        var description = RequestBody.OptionalString(body, "description", problems);
        bool? isActive = null;
        if (body["isActive"] is { } flag)
        {
            if (flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                isActive = flag.GetValue<bool>();
            }
            else
            {
                problems.Add("isActive must be a boolean");
            }
        }

        if (problems.Count > 0)
        {
            await Invalid(context, problems).ConfigureAwait(false);
            return;
        }

        if (!TryReadEvents(body, UpdatableEvents, required: false, out var events, out problem))
        {
            await InvalidEvents(context, problem!, UpdatableEvents).ConfigureAwait(false);
            return;
        }

        WebhookSubscriptionBody updated;
        lock (sandbox.Store.Gate)
        {
            subscription.Url = url ?? subscription.Url;
            subscription.Events = events ?? subscription.Events;
            subscription.Description = description ?? subscription.Description;
            subscription.IsActive = isActive ?? subscription.IsActive;
            subscription.UpdatedAt = sandbox.Time.GetUtcNow();
            updated = WebhookSubscriptionBody.From(subscription, sandbox.Options.Account.Id);
        }

        await SandboxJson.WriteAsync(
                context, StatusCodes.Status200OK, new UpdatedWebhookBody("Webhook updated successfully", updated))
            .ConfigureAwait(false);
    }

    private static Task Delete(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var subscription = Find(sandbox, context);
        if (subscription is null)
        {
            return NotFound(context);
        }

        lock (sandbox.Store.Gate)
        {
            subscription.Deleted = true;
            sandbox.Store.Webhooks.Remove(subscription);
        }

        return SandboxJson.WriteAsync(context, StatusCodes.Status200OK, new MessageBody("Webhook deleted successfully"));
    }

    private static async Task SendTestAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var (body, problem) = await RequestBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await SandboxJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid request body", problem)
                .ConfigureAwait(false);
            return;
        }

        List<string> problems = [];
        var webhookId = RequestBody.RequiredString(body, "webhookId", problems);
        if (problems.Count > 0)
        {
            await Invalid(context, problems).ConfigureAwait(false);
            return;
        }

        WebhookSubscription? subscription;
        lock (sandbox.Store.Gate)
        {
            subscription = sandbox.Store.Webhooks.Find(w => w.Id == webhookId);
        }

        if (subscription is null)
        {
            await NotFound(context).ConfigureAwait(false);
            return;
        }

        var payload = WebhookTestEvent.At(sandbox.Time.GetUtcNow());
        var (ok, statusCode, error) = await sandbox.Webhooks
            .SendTestAsync(subscription, SandboxJson.Serialize(payload), context.RequestAborted)
            .ConfigureAwait(false);
        await SandboxJson.WriteAsync(
                context, StatusCodes.Status200OK, new TestDeliveryResultBody(ok, payload, statusCode, error))
            .ConfigureAwait(false);
    }

    private static Task Sample(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        return SandboxJson.WriteAsync(
            context,
            StatusCodes.Status200OK,
            new TestDeliverySampleBody("webhook.test", WebhookTestEvent.At(sandbox.Time.GetUtcNow())));
    }

    private static WebhookSubscription? Find(SandboxContext sandbox, HttpContext context)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        lock (sandbox.Store.Gate)
        {
            return sandbox.Store.Webhooks.Find(w => w.Id == id);
        }
    }

    private static Uri? ReadUrl(JsonObject body, bool requireHttps, bool required, List<string> problems)
    {
        var raw = required
            ? RequestBody.RequiredString(body, "url", problems)
            : RequestBody.OptionalString(body, "url", problems);
        if (raw is null)
        {
            return null;
        }

        if (Uri.TryCreate(raw, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttps || (!requireHttps && url.Scheme == Uri.UriSchemeHttp)))
        {
            return url;
        }

        problems.Add(requireHttps ? "url must be an absolute https URL" : "url must be an absolute http(s) URL");
        return null;
    }

    private static bool TryReadEvents(
        JsonObject body, IReadOnlyList<string> allowed, bool required, out List<string>? events, out string? problem)
    {
        events = null;
        problem = null;
        var node = body["events"];
        if (node is null)
        {
            problem = required ? "events is required" : null;
            return !required;
        }

        if (node is not JsonArray array || array.Count == 0)
        {
            problem = "events must be a non-empty array of event names";
            return false;
        }

        List<string> names = [];
        foreach (var item in array)
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out var name))
            {
                problem = "events must only contain strings";
                return false;
            }

            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                problem = $"events must only contain allowed event types; '{name}' is not one";
                return false;
            }

            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        events = names;
        return true;
    }

    private static Task Invalid(HttpContext context, List<string> problems) =>
        SandboxJson.WriteErrorAsync(
            context, StatusCodes.Status400BadRequest, "Validation failed", string.Join("; ", problems) + ".");

    private static Task InvalidEvents(HttpContext context, string problem, IReadOnlyList<string> allowed) =>
        SandboxJson.WriteAsync(
            context,
            StatusCodes.Status400BadRequest,
            new ErrorBody("Validation failed", problem + ".", ValidEvents: allowed));

    private static Task NotFound(HttpContext context) =>
        SandboxJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, "Webhook not found");
}
