namespace UGiftMe;

/// <summary>
/// Carries verified order outcomes between the instances of an application (for example over Redis pub/sub, package
/// <c>UGiftMe.Redis</c>), so an <c>order.succeeded</c> webhook received by one instance completes the waits of every
/// instance. An implementation publishes with <see cref="PublishAsync"/> and reports what it receives with
/// <see cref="OnReceived"/> and changes of <see cref="IsAvailable"/> with <see cref="OnAvailabilityChanged"/>.
/// </summary>
/// <remarks>
/// A channel may also share the trust in webhooks (<see cref="WebhookTrust"/>) so that a fleet earns it once and a
/// loss seen on any instance revokes it on every instance: override <see cref="CountCompletedByWebhookAsync"/>,
/// <see cref="RevokeTrustAsync"/>, <see cref="PublishPolledFirstAsync"/> and <see cref="PublishQueuedAsync"/>, and
/// report what arrives with <see cref="OnTrustReceived"/>, <see cref="OnPolledFirstReceived"/> and
/// <see cref="OnQueuedReceived"/>. The defaults share nothing: each instance then earns its own trust.
/// </remarks>
public abstract class OrderCompletionChannel
{
    private OrderCompletionNotifier? _notifier;

    /// <summary>
    /// Whether outcomes published elsewhere currently reach this instance. While false, waiting operations poll with
    /// their normal policy instead of the slow safety interval.
    /// </summary>
    public abstract bool IsAvailable { get; }

    /// <summary>Sends an outcome to every instance, this one included.</summary>
    /// <param name="completion">The verified outcome.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the outcome was handed to the transport.</returns>
    public abstract Task PublishAsync(OrderCompletionEvent completion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds one order completed by its webhook to the shared trust, atomically, and tells every instance. Returns the
    /// shared state, or null when this channel does not share trust (the default).
    /// </summary>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The shared state after the update, or null.</returns>
    public virtual Task<WebhookTrust?> CountCompletedByWebhookAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<WebhookTrust?>(null);

    /// <summary>
    /// Revokes the shared trust if it is still in <paramref name="epoch"/> (so that instances revoking for the same
    /// loss revoke once), atomically, and tells every instance. Returns the shared state, or null when this channel
    /// does not share trust (the default).
    /// </summary>
    /// <param name="epoch">The epoch the loss was seen in.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The shared state after the update, or null.</returns>
    public virtual Task<WebhookTrust?> RevokeTrustAsync(long epoch, CancellationToken cancellationToken = default) =>
        Task.FromResult<WebhookTrust?>(null);

    /// <summary>
    /// Tells every instance that a poll saw the outcome of <paramref name="orderRequestId"/> before its webhook, so
    /// that they suspend trust at once. Does nothing by default.
    /// </summary>
    /// <param name="orderRequestId">The order request whose webhook has not come.</param>
    /// <param name="epoch">The trust epoch when the poll saw it.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was handed to the transport.</returns>
    public virtual Task PublishPolledFirstAsync(string orderRequestId, long epoch, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    /// <summary>
    /// Tells every instance that the verified <c>order.queued</c> of <paramref name="orderRequestId"/> arrived, so a
    /// wait on another instance knows its webhooks still flow. Does nothing by default.
    /// </summary>
    /// <param name="orderRequestId">The order request that was queued.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was handed to the transport.</returns>
    public virtual Task PublishQueuedAsync(string orderRequestId, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    /// <summary>Starts receiving; called once, when an <see cref="OrderCompletionNotifier"/> takes this channel.</summary>
    protected abstract void Start();

    /// <summary>Hands an outcome received from another instance (or this one) to the waiting operations.</summary>
    /// <param name="completion">The outcome received.</param>
    protected void OnReceived(OrderCompletionEvent completion) => _notifier?.Deliver(completion);

    /// <summary>Hands a shared trust state to the notifier: an update from any instance, or the state read from the shared store.</summary>
    /// <param name="trust">The shared state.</param>
    /// <param name="replace">
    /// False for an update, which is ignored when older than the notifier's own state; true for the state read from the
    /// shared store (at start-up, after a reconnect), which replaces it.
    /// </param>
    protected void OnTrustReceived(WebhookTrust trust, bool replace = false) => _notifier?.ApplyTrust(trust, replace);

    /// <summary>Hands on that a poll on some instance saw an outcome before its webhook: trust is suspended here too.</summary>
    /// <param name="orderRequestId">The order request whose webhook has not come.</param>
    /// <param name="epoch">The trust epoch when the poll saw it.</param>
    protected void OnPolledFirstReceived(string orderRequestId, long epoch) => _notifier?.ReceivePolledFirst(orderRequestId, epoch);

    /// <summary>Hands on that the <c>order.queued</c> of an order request arrived on some instance.</summary>
    /// <param name="orderRequestId">The order request that was queued.</param>
    protected void OnQueuedReceived(string orderRequestId) => _notifier?.DeliverQueued(orderRequestId);

    /// <summary>Tells waiting operations that <see cref="IsAvailable"/> may have changed.</summary>
    protected void OnAvailabilityChanged() => _notifier?.OnConnectionChanged();

    internal void Attach(OrderCompletionNotifier notifier)
    {
        if (Interlocked.CompareExchange(ref _notifier, notifier, null) is not null)
        {
            throw new InvalidOperationException("This OrderCompletionChannel already feeds another OrderCompletionNotifier.");
        }

        Start();
    }
}
