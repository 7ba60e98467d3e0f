using UGiftMe.Sandbox;

namespace UGiftMe.Testing;

/// <summary>
/// Scripts what happens to the next single-order creates, and shows the orders made. A scenario is used once, by the
/// first create it matches (valid creates only: a 400 does not use it up); scenarios are matched in the order they were
/// added. Bulk creates are not matched.
/// </summary>
public sealed class SandboxOrders
{
    private readonly SandboxServer _server;

    internal SandboxOrders(SandboxServer server) => _server = server;

    /// <summary>A scenario for the next order create, whatever its product or key.</summary>
    public SandboxOrderScenario Next => new(_server, (_, _) => true, "the next order");

    /// <summary>Scenarios not used yet.</summary>
    public int PendingScenarios => _server.Context.Scenarios.PendingCount;

    /// <summary>Every order made, oldest first.</summary>
    public IReadOnlyList<SandboxOrderSnapshot> All => _server.State.Orders;

    /// <summary>Every asynchronous order request, oldest first.</summary>
    public IReadOnlyList<SandboxOrderRequestSnapshot> Requests => _server.State.OrderRequests;

    /// <summary>
    /// A scenario for the next order created for <paramref name="businessReference"/>
    /// (<c>OrderCreateOptions.BusinessReference</c>), at any attempt.
    /// </summary>
    /// <param name="businessReference">Your reference, e.g. a purchase-order number.</param>
    /// <returns>The scenario to choose an outcome for.</returns>
    public SandboxOrderScenario ForReference(string businessReference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(businessReference);
        return new(_server, (_, key) => IsForReference(key, businessReference), $"the order for reference {businessReference}");
    }

    /// <summary>A scenario for the next order of <paramref name="productCode"/>.</summary>
    /// <param name="productCode">The product code, e.g. <c>AMAZON_UK_STD</c>.</param>
    /// <returns>The scenario to choose an outcome for.</returns>
    public SandboxOrderScenario ForProduct(string productCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(productCode);
        return new(_server, (product, _) => string.Equals(product, productCode, StringComparison.OrdinalIgnoreCase), $"the next {productCode} order");
    }

    /// <summary>A scenario for the next order sent with exactly this <c>Idempotency-Key</c>.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns>The scenario to choose an outcome for.</returns>
    public SandboxOrderScenario ForIdempotencyKey(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        return new(_server, (_, key) => string.Equals(key, idempotencyKey, StringComparison.Ordinal), $"the order with key {idempotencyKey}");
    }

    /// <summary>The orders made for <paramref name="businessReference"/>, at any attempt (never more than one, if your code is right).</summary>
    /// <param name="businessReference">Your reference.</param>
    /// <returns>The orders, oldest first.</returns>
    public IReadOnlyList<SandboxOrderSnapshot> WithReference(string businessReference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(businessReference);
        return [.. All.Where(order => IsForReference(order.IdempotencyKey, businessReference))];
    }

    /// <summary>The orders made with exactly this <c>Idempotency-Key</c>.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns>The orders, oldest first.</returns>
    public IReadOnlyList<SandboxOrderSnapshot> WithIdempotencyKey(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        return [.. All.Where(order => string.Equals(order.IdempotencyKey, idempotencyKey, StringComparison.Ordinal))];
    }

    /// <summary>
    /// Completes once an order request reaches <paramref name="status"/> (<c>queued</c>, <c>processing</c>,
    /// <c>succeeded</c>, <c>failed</c>); with <paramref name="orderRequestId"/>, that one.
    /// </summary>
    /// <param name="status">The status to wait for.</param>
    /// <param name="orderRequestId">The order request, or any.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>The order request, as it was when it reached the status.</returns>
    public async Task<SandboxOrderRequestSnapshot> WaitForRequestAsync(string status, string? orderRequestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        SandboxOrderRequestSnapshot? found = null;
        await _server.State.WaitUntilAsync(
            state => (found = state.OrderRequests.FirstOrDefault(r =>
                string.Equals(r.Status, status, StringComparison.Ordinal) && (orderRequestId is null || r.Id == orderRequestId))) is not null,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }

    private static bool IsForReference(string? key, string businessReference)
    {
        if (key is null || !key.StartsWith("ugm_ref_", StringComparison.Ordinal))
        {
            return false;
        }

        var attempt = IdempotencyKey.AttemptOf(key);
        return attempt <= 1000 && string.Equals(IdempotencyKey.FromReference(businessReference, attempt), key, StringComparison.Ordinal);
    }
}
