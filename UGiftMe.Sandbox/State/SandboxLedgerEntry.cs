namespace UGiftMe.Sandbox;

/// <summary>A wallet ledger transaction.</summary>
/// <param name="TransactionType"><c>funding</c> or <c>purchase</c>.</param>
/// <param name="Value">The amount (positive for both kinds).</param>
/// <param name="Currency">The currency.</param>
/// <param name="OrderId">The order a purchase paid for.</param>
/// <param name="Description">What it was.</param>
/// <param name="Timestamp">When it was recorded.</param>
public sealed record SandboxLedgerEntry(
    string TransactionType,
    decimal Value,
    string Currency,
    string? OrderId,
    string Description,
    DateTimeOffset Timestamp);
