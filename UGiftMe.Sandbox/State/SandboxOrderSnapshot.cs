namespace UGiftMe.Sandbox;

/// <summary>An order the sandbox created, as tests see it.</summary>
/// <param name="Id">The order's <c>_id</c>.</param>
/// <param name="ProductCode">The product ordered.</param>
/// <param name="Merchant">The merchant's name.</param>
/// <param name="Currency">The currency.</param>
/// <param name="Value">The value purchased (and debited).</param>
/// <param name="VoucherCode">The issued voucher code.</param>
/// <param name="RecipientEmail">The recipient, when given.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> of the creating request, when given.</param>
/// <param name="OrderRequestId">The order request that created it, for asynchronous orders.</param>
/// <param name="CreatedAt">Creation time.</param>
public sealed record SandboxOrderSnapshot(
    string Id,
    string ProductCode,
    string Merchant,
    string Currency,
    decimal Value,
    string VoucherCode,
    string? RecipientEmail,
    string? IdempotencyKey,
    string? OrderRequestId,
    DateTimeOffset CreatedAt);
