using System.Text.Json.Nodes;

namespace UGiftMe.Sandbox.State;

/// <summary>All sandbox state behind one lock: the sandbox favours obviously-correct over fast.</summary>
internal sealed class SandboxStore
{
    private readonly List<(Func<IReadOnlyList<SandboxWebhookDelivery>, bool> Done, TaskCompletionSource Signal)>
        _deliveryWaiters = [];

    private long _sequence;

    public SandboxStore(SandboxOptions options, TimeProvider time, IdGenerator ids)
    {
        Currency = options.Wallet.Currency;
        WalletId = ids.Next();
        WalletCreatedAt = time.GetUtcNow();
        WalletUpdatedAt = WalletCreatedAt;
        if (options.Wallet.InitialBalance > 0)
        {
            Balance = options.Wallet.InitialBalance;
            AddTransaction("funding", Balance, null, "Wallet top-up", WalletCreatedAt);
        }
    }

    public Lock Gate { get; } = new();

    public string Currency { get; }

    public string WalletId { get; }

    public DateTimeOffset WalletCreatedAt { get; }

    public DateTimeOffset WalletUpdatedAt { get; set; }

    public decimal Balance { get; set; }

    public List<Order> Orders { get; } = [];

    public Dictionary<string, OrderRequest> OrderRequests { get; } = new(StringComparer.Ordinal);

    public List<LedgerTransaction> Ledger { get; } = [];

    public Dictionary<(string ApiKey, string Path, string Key), IdempotencyEntry> Idempotency { get; } = [];

    public List<WebhookSubscription> Webhooks { get; } = [];

    public List<SandboxWebhookDelivery> Deliveries { get; } = [];

    public decimal Held => OrderRequests.Values.Where(r => r.HoldPlaced && r.IsPending).Sum(r => r.Amount);

    public decimal Available => Balance - Held;

    public long NextSequence() => ++_sequence;

    public LedgerTransaction AddTransaction(
        string type, decimal value, string? orderId, string description, DateTimeOffset timestamp)
    {
        var transaction = new LedgerTransaction
        {
            Type = type,
            Value = value,
            Currency = Currency,
            OrderId = orderId,
            Description = description,
            Timestamp = timestamp,
            Sequence = NextSequence(),
        };
        Ledger.Add(transaction);
        WalletUpdatedAt = timestamp;
        return transaction;
    }

    public void RecordDelivery(SandboxWebhookDelivery delivery)
    {
        List<TaskCompletionSource> released = [];
        lock (Gate)
        {
            Deliveries.Add(delivery);
            for (var i = _deliveryWaiters.Count - 1; i >= 0; i--)
            {
                if (_deliveryWaiters[i].Done(Deliveries))
                {
                    released.Add(_deliveryWaiters[i].Signal);
                    _deliveryWaiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in released)
        {
            signal.TrySetResult();
        }
    }

    public Task WaitForDeliveriesAsync(
        Func<IReadOnlyList<SandboxWebhookDelivery>, bool> done, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            if (done(Deliveries))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _deliveryWaiters.Add((done, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    public static bool SamePayload(JsonNode? stored, JsonNode? current) => JsonNode.DeepEquals(stored, current);
}
