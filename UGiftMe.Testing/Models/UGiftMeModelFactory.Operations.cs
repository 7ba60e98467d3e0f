namespace UGiftMe.Testing;

public static partial class UGiftMeModelFactory
{
    /// <summary>
    /// A scripted order operation in any state, for code under test that starts or resumes orders: it starts in
    /// <paramref name="status"/> and each poll moves it to the next of <paramref name="nextStatuses"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="Models.BusinessOrder"/> or <see cref="UGiftMe.BulkOrderResult"/>.</typeparam>
    /// <param name="status">The status it starts in.</param>
    /// <param name="value">The order(s) it ends with once <c>succeeded</c>.</param>
    /// <param name="orderRequestId">The order request; null for an order created at once (201).</param>
    /// <param name="nextStatuses">The statuses the next polls see.</param>
    /// <param name="failure">What waiting throws once <c>failed</c>.</param>
    /// <param name="createResponse">The create call's metadata.</param>
    /// <returns>The operation.</returns>
    public static FakeOrderOperation<T> OrderOperation<T>(
        string status,
        T? value = null,
        string? orderRequestId = DefaultOrderRequestId,
        IEnumerable<string>? nextStatuses = null,
        UGiftMeException? failure = null,
        ResponseMetadata? createResponse = null)
        where T : class =>
        new(status, value, orderRequestId, nextStatuses, failure, createResponse);

    /// <summary>An order created at once (201): complete, no order request, never polls.</summary>
    /// <typeparam name="T"><see cref="Models.BusinessOrder"/> or <see cref="UGiftMe.BulkOrderResult"/>.</typeparam>
    /// <param name="value">The order(s).</param>
    /// <param name="idempotencyKey">The key the create was sent with.</param>
    /// <returns>The operation.</returns>
    public static FakeOrderOperation<T> CompletedOrderOperation<T>(T value, string idempotencyKey = "ugm_0123456789abcdef0123456789abcdef")
        where T : class =>
        new(OrderRequestStatuses.Succeeded, value, orderRequestId: null,
            createResponse: ResponseMetadata(201, idempotencyKey: idempotencyKey, ordersAsync: false));

    /// <summary>
    /// A queued order (202) that succeeds with <paramref name="value"/> after its polls see <paramref name="nextStatuses"/>
    /// (default <c>processing</c>, then <c>succeeded</c>).
    /// </summary>
    /// <typeparam name="T"><see cref="Models.BusinessOrder"/> or <see cref="UGiftMe.BulkOrderResult"/>.</typeparam>
    /// <param name="value">The order(s) it ends with.</param>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="nextStatuses">The statuses the next polls see.</param>
    /// <returns>The operation.</returns>
    public static FakeOrderOperation<T> QueuedOrderOperation<T>(T value, string orderRequestId = DefaultOrderRequestId, IEnumerable<string>? nextStatuses = null)
        where T : class =>
        new(OrderRequestStatuses.Queued, value, orderRequestId, nextStatuses ?? [OrderRequestStatuses.Processing, OrderRequestStatuses.Succeeded], null,
            ResponseMetadata(202, idempotencyKey: "ugm_0123456789abcdef0123456789abcdef", ordersAsync: true));

    /// <summary>A queued order (202) whose polls see <c>processing</c>, then <c>failed</c>: waiting throws <paramref name="failure"/>.</summary>
    /// <typeparam name="T"><see cref="Models.BusinessOrder"/> or <see cref="UGiftMe.BulkOrderResult"/>.</typeparam>
    /// <param name="failure">What waiting throws; default an <see cref="OrderFailedException"/>.</param>
    /// <param name="orderRequestId">The order request.</param>
    /// <returns>The operation.</returns>
    public static FakeOrderOperation<T> FailedOrderOperation<T>(UGiftMeException? failure = null, string orderRequestId = DefaultOrderRequestId)
        where T : class =>
        new(OrderRequestStatuses.Queued, null, orderRequestId, [OrderRequestStatuses.Processing, OrderRequestStatuses.Failed], failure ?? OrderFailedException(orderRequestId),
            ResponseMetadata(202, idempotencyKey: "ugm_0123456789abcdef0123456789abcdef", ordersAsync: true));
}
