using System.Text.Json.Nodes;
using UGiftMe.Sandbox.Scenarios;

namespace UGiftMe.Sandbox.State;

// The sandbox's mutable in-memory model. Every member is read and written under SandboxStore.Gate only.

internal sealed class Order
{
    public required string Id { get; init; }
    public required SandboxProduct Product { get; init; }
    public required string Currency { get; init; }
    public required decimal Value { get; init; }
    public required string VoucherCode { get; init; }
    public required string TransactionId { get; init; }
    public string? GiftMessage { get; init; }
    public string? RecipientEmail { get; init; }
    public string? RecipientName { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? OrderRequestId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required long Sequence { get; init; }
}

internal sealed class OrderRequest
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required IReadOnlyList<JsonNode?> Items { get; init; }
    public required decimal Amount { get; init; }
    public required bool HoldPlaced { get; set; }
    public string? IdempotencyKey { get; init; }
    public string Status { get; set; } = "queued";
    public string? Error { get; set; }
    public object? Result { get; set; }
    public List<string> OrderIds { get; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The scripted scenario that queued it, if any.</summary>
    public OrderScenario? Scenario { get; init; }

    /// <summary>Status polls seen (counted for <see cref="OrderScenarioKind.SucceedAfterPolls"/>).</summary>
    public int PollCount { get; set; }

    public bool IsPending => Status is "queued" or "processing";
}

internal sealed class LedgerTransaction
{
    public required string Type { get; init; }
    public required decimal Value { get; init; }
    public required string Currency { get; init; }
    public string? OrderId { get; init; }
    public required string Description { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required long Sequence { get; init; }
}

internal sealed class IdempotencyEntry
{
    public required string Key { get; init; }
    public required string ApiKey { get; init; }
    public required string Path { get; init; }
    public required JsonNode? Payload { get; init; }
    public required int StatusCode { get; init; }
    public required byte[] Body { get; init; }
    public required bool AsyncMode { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public int ReplayCount { get; set; }
}

internal sealed class WebhookSubscription
{
    public required string Id { get; init; }
    public required Uri Url { get; set; }
    public required List<string> Events { get; set; }
    public string? Description { get; set; }
    public bool IsActive { get; set; } = true;
    public required string Secret { get; init; }
    public int SuccessCount { get; set; }
    public int FailedCount { get; set; }
    public DateTimeOffset? LastUsed { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool Deleted { get; set; }
}
