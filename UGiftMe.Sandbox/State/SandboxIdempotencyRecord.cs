namespace UGiftMe.Sandbox;

/// <summary>A stored answer for an <c>Idempotency-Key</c>, replayed to later requests with the same key and payload.</summary>
/// <param name="Key">The <c>Idempotency-Key</c>.</param>
/// <param name="ApiKey">The API key it is scoped to.</param>
/// <param name="Path">The create path it is scoped to.</param>
/// <param name="StatusCode">The stored status (201 or 202).</param>
/// <param name="ResponseBody">The stored body, replayed byte for byte.</param>
/// <param name="ReplayCount">How many times it was replayed.</param>
/// <param name="CreatedAt">When the original request was served.</param>
public sealed record SandboxIdempotencyRecord(
    string Key,
    string ApiKey,
    string Path,
    int StatusCode,
    string ResponseBody,
    int ReplayCount,
    DateTimeOffset CreatedAt);
