namespace UGiftMe.Sandbox;

/// <summary>An asynchronous order request and where it is in its life.</summary>
/// <param name="Id">The <c>orderRequestId</c>.</param>
/// <param name="Type"><c>single</c> or <c>bulk</c>.</param>
/// <param name="Status"><c>queued</c>, <c>processing</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="Amount">The total value requested.</param>
/// <param name="HoldPlaced">Whether funds were held for it while it waited.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="OrderIds">The orders it created.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
public sealed record SandboxOrderRequestSnapshot(
    string Id,
    string Type,
    string Status,
    decimal Amount,
    bool HoldPlaced,
    string? Error,
    IReadOnlyList<string> OrderIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
