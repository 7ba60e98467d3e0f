namespace UGiftMe;

/// <summary>
/// Carries verified order outcomes between the instances of an application (for example over Redis pub/sub, package
/// <c>UGiftMe.Redis</c>), so an <c>order.succeeded</c> webhook received by one instance completes the waits of every
/// instance. An implementation publishes with <see cref="PublishAsync"/> and reports what it receives with
/// <see cref="OnReceived"/> and changes of <see cref="IsAvailable"/> with <see cref="OnAvailabilityChanged"/>.
/// </summary>
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

    /// <summary>Starts receiving; called once, when an <see cref="OrderCompletionNotifier"/> takes this channel.</summary>
    protected abstract void Start();

    /// <summary>Hands an outcome received from another instance (or this one) to the waiting operations.</summary>
    /// <param name="completion">The outcome received.</param>
    protected void OnReceived(OrderCompletionEvent completion) => _notifier?.Deliver(completion);

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
