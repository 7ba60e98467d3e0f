using System.Globalization;
using UGiftMe.Sandbox.Auth;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Http;
using UGiftMe.Sandbox.Json;
using UGiftMe.Sandbox.State;

namespace UGiftMe.Sandbox.Orders;

/// <summary><c>/orders</c>: create (single, bulk), history, search, details and queue status.</summary>
internal static class OrderEndpoints
{
    // Copied from openapi/ugiftme-business.yaml (IdempotencyKey's maxLength, the SortBy and SortOrder defaults);
    // UGiftMe.ApiSurface.Tests' SpecConstantsTests fails when the spec changes one.
    private const int MaxIdempotencyKeyLength = 255;
    private const string DefaultSortField = "createdAt";
    private const string DefaultSortOrder = "desc";
    private static readonly string[] SortFields = ["createdAt", "updatedAt", "valuePurchased", "productCode"];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var orders = routes.MapGroup(ApiKeyMiddleware.BusinessPrefix + "/orders");
        orders.MapPost(string.Empty, context => CreateAsync(context, bulk: false));
        orders.MapPost("/bulk", context => CreateAsync(context, bulk: true));
        orders.MapGet(string.Empty, ListAsync);
        orders.MapGet("/search", SearchAsync);
        orders.MapGet("/order-requests/{id}", GetRequestAsync);
        orders.MapGet("/{orderId}", GetAsync);
    }

    private static async Task CreateAsync(HttpContext context, bool bulk)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var caller = ApiKeyMiddleware.Caller(context);
        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        // The spec's pattern ^[!-~]+$: printable ASCII, no space (Kestrel has already trimmed the outer ones).
        if (context.Request.Headers.ContainsKey("Idempotency-Key")
            && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            await SandboxJson.WriteErrorAsync(
                    context,
                    StatusCodes.Status400BadRequest,
                    "Validation failed",
                    $"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters without spaces.")
                .ConfigureAwait(false);
            return;
        }

        var (body, problem) = await RequestBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await SandboxJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid request body", problem)
                .ConfigureAwait(false);
            return;
        }

        var outcome = sandbox.Orders.Create(
            caller,
            context.Request.Path.Value!,
            idempotencyKey.Length == 0 ? null : idempotencyKey,
            body,
            bulk);
        var asyncHeader = outcome.AsyncMode ? "true" : "false";
        context.Response.Headers["X-Business-Orders-Async"] = asyncHeader;
        if (sandbox.Options.SendAccountOrdersAsyncHeader)
        {
            context.Response.Headers["X-Account-Orders-Async"] = asyncHeader;
        }

        if (outcome.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        if (outcome.DropAnswer)
        {
            // A scripted lost answer: the order exists (and its key replays it), but the caller hears nothing back.
            context.Items[RequestLog.FaultItem] = "dropped-answer";
            context.Abort();
            return;
        }

        await SandboxJson.WriteBytesAsync(context, outcome.StatusCode, outcome.Body).ConfigureAwait(false);
    }

    private static Task ListAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        if (!PageRequest.TryRead(context, 10, out var page, out var problem)
            || !TrySort(context, out var sort, out problem))
        {
            return SandboxJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Validation failed", problem);
        }

        lock (sandbox.Store.Gate)
        {
            var all = sort(sandbox.Store.Orders);
            return SandboxJson.WriteAsync(
                context,
                StatusCodes.Status200OK,
                new OrderHistoryPageBody(
                    all.Count,
                    page.Page,
                    PageRequest.TotalPages(all.Count, page.Limit),
                    [.. all.Skip(page.Skip).Take(page.Limit).Select(OrderBody.Listed)]));
        }
    }

    private static Task SearchAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var query = context.Request.Query;
        if (!PageRequest.TryRead(context, 10, out var page, out var problem)
            || !TrySort(context, out var sort, out problem)
            || !TryFlag(query["isActive"], "isActive", out var isActive, out problem)
            || !TryFlag(query["isPaid"], "isPaid", out var isPaid, out problem)
            || !TryDate(query["startDate"], "startDate", out var startDate, out problem)
            || !TryDate(query["endDate"], "endDate", out var endDate, out problem))
        {
            return SandboxJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Validation failed", problem);
        }

        var merchant = query["merchant"].ToString();
        var status = query["status"].ToString();
        lock (sandbox.Store.Gate)
        {
            var matches = sort(sandbox.Store.Orders.Where(order =>
                (merchant.Length == 0
                 || string.Equals(order.Product.Merchant, merchant, StringComparison.OrdinalIgnoreCase))
                && (status.Length == 0 || string.Equals(status, "active", StringComparison.OrdinalIgnoreCase))
                && isActive is null or true
                && isPaid is null or true
                && (startDate is null || order.CreatedAt >= startDate)
                && (endDate is null || order.CreatedAt <= endDate)));
            return SandboxJson.WriteAsync(
                context,
                StatusCodes.Status200OK,
                new OrderSearchPageBody(
                    true,
                    [.. matches.Skip(page.Skip).Take(page.Limit).Select(OrderBody.Listed)],
                    new SearchPaginationBody(
                        matches.Count, PageRequest.TotalPages(matches.Count, page.Limit), page.Page, page.Limit)));
        }
    }

    private static Task GetAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var id = (string)context.Request.RouteValues["orderId"]!;
        lock (sandbox.Store.Gate)
        {
            var order = sandbox.Store.Orders.Find(o => o.Id == id);
            return order is null
                ? SandboxJson.WriteErrorAsync(
                    context, StatusCodes.Status404NotFound, "Order not found", $"No order with id '{id}'.")
                : SandboxJson.WriteAsync(
                    context, StatusCodes.Status200OK, OrderBody.Full(order, sandbox.Options.Account.Id));
        }
    }

    private static Task GetRequestAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var id = (string)context.Request.RouteValues["id"]!;
        lock (sandbox.Store.Gate)
        {
            if (!sandbox.Store.OrderRequests.TryGetValue(id, out var request))
            {
                return SandboxJson.WriteErrorAsync(
                    context,
                    StatusCodes.Status404NotFound,
                    "Order request not found",
                    $"No order request with id '{id}'.");
            }

            sandbox.Orders.OnPolled(request);
            if (request.IsPending)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            return SandboxJson.WriteAsync(
                context,
                StatusCodes.Status200OK,
                new OrderRequestBody(
                    request.Id,
                    request.Status,
                    request.Type,
                    request.Result,
                    request.Error,
                    request.CreatedAt,
                    request.UpdatedAt));
        }
    }

    private static bool TrySort(
        HttpContext context, out Func<IEnumerable<Order>, List<Order>> sort, out string? problem)
    {
        var query = context.Request.Query;
        var field = query["sortBy"].ToString() is { Length: > 0 } given ? given : DefaultSortField;
        var direction = query["order"].ToString() is { Length: > 0 } dir ? dir : DefaultSortOrder;
        sort = static orders => [.. orders];
        problem = null;
        if (!SortFields.Contains(field, StringComparer.Ordinal))
        {
            problem = $"sortBy must be one of: {string.Join(", ", SortFields)}";
            return false;
        }

        if (direction is not ("asc" or "desc"))
        {
            problem = "order must be asc or desc";
            return false;
        }

        Func<Order, IComparable> key = field switch
        {
            "valuePurchased" => o => o.Value,
            "productCode" => o => o.Product.ProductCode,
            _ => o => o.CreatedAt,
        };
        sort = direction == "asc"
            ? orders => [.. orders.OrderBy(key).ThenBy(o => o.Sequence)]
            : orders => [.. orders.OrderByDescending(key).ThenByDescending(o => o.Sequence)];
        return true;
    }

    private static bool TryFlag(string? raw, string name, out bool? value, out string? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrEmpty(raw))
        {
            return true;
        }

        if (raw is "true" or "false")
        {
            value = raw == "true";
            return true;
        }

        problem = $"{name} must be \"true\" or \"false\"";
        return false;
    }

    private static bool TryDate(string? raw, string name, out DateTimeOffset? value, out string? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrEmpty(raw))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(
                raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = $"{name} must be an ISO 8601 date-time";
        return false;
    }
}
