namespace UGiftMe.Sandbox.Scenarios;

/// <summary>
/// One scripted outcome for the next single-order create that <see cref="Matches"/> (product code, Idempotency-Key).
/// Used once; kept by <see cref="OrderScenarioBook"/>.
/// </summary>
internal sealed class OrderScenario
{
    private readonly TaskCompletionSource<string> _queued = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required Func<string?, string?, bool> Matches { get; init; }

    public required OrderScenarioKind Kind { get; init; }

    /// <summary>The <c>available</c> a scripted 402 reports.</summary>
    public decimal Available { get; init; }

    /// <summary>The failure text of <see cref="OrderScenarioKind.FailAsynchronously"/> (or of a held order released as failed).</summary>
    public string? Reason { get; set; }

    /// <summary>The poll that sees <c>succeeded</c> (<see cref="OrderScenarioKind.SucceedAfterPolls"/>).</summary>
    public int Polls { get; init; } = 1;

    /// <summary>How many answers in a row are dropped (<see cref="OrderScenarioKind.DropAnswer"/>).</summary>
    public int Times { get; init; } = 1;

    /// <summary>Whether the scenario sends the order through the queue (202) whatever the account's mode.</summary>
    public bool Queues => Kind is OrderScenarioKind.FailAsynchronously or OrderScenarioKind.HoldInQueue or OrderScenarioKind.SucceedAfterPolls;

    /// <summary>The order request id, once the scenario's order was queued.</summary>
    public Task<string> Queued => _queued.Task;

    public void OnQueued(string orderRequestId) => _queued.TrySetResult(orderRequestId);
}
