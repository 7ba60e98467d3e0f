using UGiftMe.Models;

namespace UGiftMe.Testing;

/// <summary>
/// Builds every model and result the SDK returns, filled with plausible values you can override, so a unit test of
/// your code can hand your mocks what a real client would return — no server, no sandbox. Each method is named after
/// the type it builds (the Azure SDK's convention); every parameter is optional.
/// <code>
/// var order = UGiftMeModelFactory.BusinessOrder(valuePurchased: 25m);
/// orders.GetAsync("665f...").Returns(UGiftMeModelFactory.Result(order));
/// </code>
/// </summary>
public static partial class UGiftMeModelFactory
{
    /// <summary>The instant the factory's timestamps default to: 2026-01-15 10:30 UTC.</summary>
    public static readonly DateTimeOffset DefaultTimestamp = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    /// <summary>The order id the factory's orders default to.</summary>
    public const string DefaultOrderId = "665f1c2ab3e4d5f6a7b8c9d0";

    /// <summary>The order request id the factory's queued orders default to.</summary>
    public const string DefaultOrderRequestId = "665f1c2ab3e4d5f6a7b8c9e1";

    /// <summary>A result as every client call returns it: the value and the response's metadata.</summary>
    /// <typeparam name="T">The model.</typeparam>
    /// <param name="value">The model.</param>
    /// <param name="metadata">The response's metadata; default a 200 with no headers (<see cref="ResponseMetadata(int, IReadOnlyDictionary{string, IReadOnlyList{string}}?, string?, int, RateLimitInfo?, bool?)"/>).</param>
    /// <returns>The result.</returns>
    public static UGiftMeResult<T> Result<T>(T value, ResponseMetadata? metadata = null) => new(value, metadata ?? ResponseMetadata());

    /// <summary>The metadata of a response.</summary>
    /// <param name="statusCode">The HTTP status. Default 200.</param>
    /// <param name="headers">Response headers (names are matched without case).</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> sent (order creates).</param>
    /// <param name="retryCount">How many retries the call took.</param>
    /// <param name="rateLimit">The rate-limit state read from the headers.</param>
    /// <param name="ordersAsync">The account's async-orders flag, when the response said.</param>
    /// <returns>The metadata.</returns>
    public static ResponseMetadata ResponseMetadata(
        int statusCode = 200,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers = null,
        string? idempotencyKey = null,
        int retryCount = 0,
        RateLimitInfo? rateLimit = null,
        bool? ordersAsync = null) =>
        new()
        {
            StatusCode = statusCode,
            Headers = headers is null
                ? new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, IReadOnlyList<string>>(headers, StringComparer.OrdinalIgnoreCase),
            IdempotencyKey = idempotencyKey,
            RetryCount = retryCount,
            RateLimit = rateLimit,
            OrdersAsync = ordersAsync,
        };

    /// <summary>A rate-limit state, as read from <c>RateLimit-*</c> headers.</summary>
    /// <param name="limit">Requests allowed per window. Default 100.</param>
    /// <param name="remaining">Requests left. Default 99.</param>
    /// <param name="resetsAt">When the window resets. Default a minute after <paramref name="observedAt"/>.</param>
    /// <param name="observedAt">When the headers were read. Default <see cref="DefaultTimestamp"/>.</param>
    /// <returns>The state.</returns>
    public static RateLimitInfo RateLimitInfo(int? limit = 100, int? remaining = 99, DateTimeOffset? resetsAt = null, DateTimeOffset? observedAt = null)
    {
        var observed = observedAt ?? DefaultTimestamp;
        return new() { Limit = limit, Remaining = remaining, ResetsAt = resetsAt ?? observed.AddMinutes(1), ObservedAt = observed };
    }

    /// <summary>A status seen by an order operation (what <c>WatchAsync</c> and <c>UpdateStatusAsync</c> return).</summary>
    /// <param name="status"><c>queued</c>, <c>processing</c>, <c>succeeded</c> or <c>failed</c>.</param>
    /// <param name="orderRequestId">The order request. Default <see cref="DefaultOrderRequestId"/>.</param>
    /// <param name="observedAt">When it was seen. Default <see cref="DefaultTimestamp"/>.</param>
    /// <param name="request">The queue-status body read; default one built from the other arguments.</param>
    /// <returns>The update.</returns>
    public static OrderStatusUpdate OrderStatusUpdate(
        string status = OrderRequestStatuses.Queued, string? orderRequestId = DefaultOrderRequestId, DateTimeOffset? observedAt = null, OrderRequest? request = null) =>
        new(orderRequestId, status, observedAt ?? DefaultTimestamp, request ?? OrderRequest(orderRequestId, status));

    /// <summary>A completion an <see cref="OrderCompletionNotifier"/> passes on (a verified <c>order.succeeded</c>/<c>order.failed</c>).</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="succeeded">Whether it succeeded.</param>
    /// <param name="orderId">The order made, when it succeeded.</param>
    /// <param name="error">Why it failed, when it did.</param>
    /// <returns>The completion.</returns>
    public static OrderCompletionEvent OrderCompletionEvent(
        string orderRequestId = DefaultOrderRequestId, bool succeeded = true, string? orderId = DefaultOrderId, string? error = null) =>
        new(orderRequestId, succeeded, succeeded ? orderId : null, succeeded ? null : error ?? "The merchant could not issue the gift card.");
}
