using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.State;

namespace UGiftMe.Sandbox;

/// <summary>
/// Read-only, point-in-time copies of the sandbox's state, for assertions. Each property takes a fresh snapshot.
/// </summary>
public sealed class SandboxState
{
    private readonly SandboxContext _sandbox;

    internal SandboxState(SandboxContext sandbox) => _sandbox = sandbox;

    private SandboxStore Store => _sandbox.Store;

    /// <summary>Every order created, oldest first.</summary>
    public IReadOnlyList<SandboxOrderSnapshot> Orders
    {
        get
        {
            lock (Store.Gate)
            {
                return
                [
                    .. Store.Orders.Select(o => new SandboxOrderSnapshot(
                        o.Id, o.Product.ProductCode, o.Product.Merchant, o.Currency, o.Value, o.VoucherCode,
                        o.RecipientEmail, o.IdempotencyKey, o.OrderRequestId, o.CreatedAt)),
                ];
            }
        }
    }

    /// <summary>Every asynchronous order request, oldest first.</summary>
    public IReadOnlyList<SandboxOrderRequestSnapshot> OrderRequests
    {
        get
        {
            lock (Store.Gate)
            {
                return
                [
                    .. Store.OrderRequests.Values.OrderBy(r => r.CreatedAt).Select(r => new SandboxOrderRequestSnapshot(
                        r.Id, r.Type, r.Status, r.Amount, r.HoldPlaced, r.Error, [.. r.OrderIds], r.CreatedAt,
                        r.UpdatedAt)),
                ];
            }
        }
    }

    /// <summary>The wallet's balance, holds and available balance.</summary>
    public SandboxWalletSnapshot Wallet
    {
        get
        {
            lock (Store.Gate)
            {
                return new SandboxWalletSnapshot(Store.Currency, Store.Balance, Store.Held, Store.Available);
            }
        }
    }

    /// <summary>The ledger, oldest first (the opening funding first).</summary>
    public IReadOnlyList<SandboxLedgerEntry> Ledger
    {
        get
        {
            lock (Store.Gate)
            {
                return
                [
                    .. Store.Ledger.Select(t => new SandboxLedgerEntry(
                        t.Type, t.Value, t.Currency, t.OrderId, t.Description, t.Timestamp)),
                ];
            }
        }
    }

    /// <summary>The stored idempotency records.</summary>
    public IReadOnlyList<SandboxIdempotencyRecord> IdempotencyRecords
    {
        get
        {
            lock (Store.Gate)
            {
                return
                [
                    .. Store.Idempotency.Values.OrderBy(e => e.CreatedAt).Select(e => new SandboxIdempotencyRecord(
                        e.Key, e.ApiKey, e.Path, e.StatusCode, System.Text.Encoding.UTF8.GetString(e.Body),
                        e.ReplayCount, e.CreatedAt)),
                ];
            }
        }
    }

    /// <summary>The webhook subscriptions (deleted ones are gone), with their secrets and delivery counts.</summary>
    public IReadOnlyList<SandboxWebhookSubscriptionSnapshot> WebhookSubscriptions
    {
        get
        {
            lock (Store.Gate)
            {
                return
                [
                    .. Store.Webhooks.Select(w => new SandboxWebhookSubscriptionSnapshot(
                        w.Id, w.Url, [.. w.Events], w.IsActive, w.Secret, w.SuccessCount, w.FailedCount)),
                ];
            }
        }
    }

    /// <summary>Every webhook delivery attempt, in the order they finished.</summary>
    public IReadOnlyList<SandboxWebhookDelivery> WebhookDeliveries
    {
        get
        {
            lock (Store.Gate)
            {
                return [.. Store.Deliveries];
            }
        }
    }

    /// <summary>Every Business API request so far, in the order they arrived (also those still running).</summary>
    public IReadOnlyList<SandboxRequest> Requests => _sandbox.Requests.Snapshot();

    /// <summary>
    /// Completes once <paramref name="condition"/> holds. It is checked now and after every change of the sandbox's
    /// state (a request starting or ending, an order or order request changing, a delivery attempt finishing): a signal
    /// for tests, so they never poll or sleep. Read the state inside the condition through this object's properties.
    /// </summary>
    /// <param name="condition">Checked against the current state; a condition that throws ends the wait with its exception.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public Task WaitUntilAsync(Func<SandboxState, bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return _sandbox.Signals.WaitAsync(() => condition(this), cancellationToken);
    }

    /// <summary>
    /// Completes once the recorded delivery attempts satisfy <paramref name="condition"/> (checked on every new
    /// attempt): a signal for tests, so they never poll or sleep.
    /// </summary>
    /// <param name="condition">Checked against all attempts so far.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public Task WaitForWebhookDeliveriesAsync(
        Func<IReadOnlyList<SandboxWebhookDelivery>, bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Store.WaitForDeliveriesAsync(condition, cancellationToken);
    }
}
