namespace UGiftMe.Sandbox;

/// <summary>One request to the Business API (<c>/api/v1/business</c>) as the sandbox saw it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path below <c>/api/v1/business</c>, e.g. <c>/orders</c> or <c>/orders/order-requests/{id}</c>.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> sent, if any.</param>
/// <param name="StatusCode">The status answered; <see langword="null"/> while it runs and when the answer was dropped.</param>
/// <param name="Fault">
/// The injected fault, if any: <c>before-work</c> (503), <c>after-work</c> (503 after the work), <c>rate-limit</c> (429)
/// or <c>dropped-answer</c> (the connection was closed after the work, with no answer).
/// </param>
/// <param name="Delayed">Whether injected latency held it.</param>
/// <param name="Completed">Whether it has ended.</param>
/// <param name="ReceivedAt">When it arrived, on the sandbox clock.</param>
public sealed record SandboxRequest(
    string Method,
    string Path,
    string? IdempotencyKey,
    int? StatusCode,
    string? Fault,
    bool Delayed,
    bool Completed,
    DateTimeOffset ReceivedAt);
